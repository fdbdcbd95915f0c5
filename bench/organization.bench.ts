/**
 * npm run bench:organization — one large organization's reads: 4,000 incidents (each with
 * an assessment, a notice and a measure; awareness times all different, as in life), then
 * the register, the compliance status and the obligations calendar computed from their
 * documents (from their JSON, as the read models hand them over), cold (first read after a
 * start) and warm, and the register exported as CSV and as PDF, with the longest the event
 * loop was held while the PDF was made.
 *
 * Targets (product targets, not law): each read under 250 ms warm; no stall of the event loop
 * over 100 ms during an export (the service keeps answering others). Not a test.
 */
import { incidentDecider, IncidentEvent, OpenIncident } from '../libs/incidents/src';
import { registerCsv, registerPdf } from '../libs/exports/src';
import { complianceStatus, obligationsCalendar, registerEntries } from '../libs/projections/src/views';
import { loadRuleBook } from '../libs/rules/src';
import { professionalOrder, vendorBreachFacts } from '../libs/testing/src';
import { stallMeter } from './support/stall-meter';

const INCIDENTS = Number(process.env.BENCH_ORG_INCIDENTS ?? 4000);
const NOW = new Date('2026-11-30T17:00:00Z');
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: 'organization', ...o }) + '\n');
const ms = (t0: number) => Math.round(performance.now() - t0);

function incidents(): OpenIncident[] {
  const out: OpenIncident[] = [];
  for (let i = 0; i < INCIDENTS; i++) {
    // One incident every 17 minutes over about 47 days before NOW: every awareness time differs.
    const aware = new Date(NOW.getTime() - (INCIDENTS - i) * 17 * 60_000).toISOString();
    const later = (minutes: number) => new Date(Date.parse(aware) + minutes * 60_000).toISOString();
    const facts = vendorBreachFacts({ title: `Incident ${i}`, occurred: { from: later(-120), to: null, approximate: i % 2 === 0 }, awareAt: aware });
    const events: IncidentEvent[] = [{ type: 'IncidentDeclared', occurredAt: later(30), data: { incidentId: `incident-${i}`, organization: professionalOrder, facts } }];
    if (i % 3 !== 0) {
      events.push({
        type: 'RiskOfSeriousInjuryAssessed',
        occurredAt: later(600),
        data: { sensitivity: 'high', anticipatedConsequences: { level: 'high', description: 'Fraude' }, likelihoodOfInjuriousUse: 'medium', seriousInjuryRisk: true, reason: 'Cartes de crédit', privacyOfficerConsulted: true, assessedAt: later(600) },
      });
      events.push({ type: 'NotificationSent', occurredAt: later(1200), data: { recipient: 'CAI', recipientName: null, channel: 'portal', sentAt: later(1200), summary: 'Avis à la CAI', evidenceRef: `cai-${i}` } });
      events.push({ type: 'MitigationMeasureTaken', occurredAt: later(1300), data: { measure: 'credit_monitoring', description: 'Surveillance du crédit offerte', takenAt: later(1300) } });
    }
    out.push(events.reduce(incidentDecider.evolve, incidentDecider.initialState()) as OpenIncident);
  }
  return out;
}


async function main(): Promise<void> {
  const book = loadRuleBook();
  const docs = incidents();
  // The read models hand documents over as JSON: read them as the service does.
  const fromJson = () => JSON.parse(JSON.stringify(docs)) as OpenIncident[];
  for (const pass of ['cold', 'warm'] as const) {
    let t0 = performance.now();
    const entries = registerEntries(fromJson(), book);
    const register = ms(t0);
    t0 = performance.now();
    const status = await complianceStatus(professionalOrder.id, fromJson(), [], book, NOW);
    const compliance = ms(t0);
    t0 = performance.now();
    const calendar = obligationsCalendar(fromJson(), book, NOW);
    const calendarMs = ms(t0);
    print({ name: `reads of an organization with ${INCIDENTS} incidents (${pass}: ${pass === 'cold' ? 'first read after a start' : 'read again'})`, incidents: INCIDENTS, registerEntries: entries.length, registerMs: register, complianceReasons: status.reasons.length, complianceMs: compliance, calendarEntries: calendar.length, calendarMs, target: pass === 'warm' ? 'each < 250 ms' : undefined });
  }
  const input = { organizationId: professionalOrder.id, organizationName: professionalOrder.name, asOf: NOW.toISOString(), basis: 'now' as const, generatedAt: NOW.toISOString(), entries: registerEntries(fromJson(), book) };
  let t0 = performance.now();
  const csv = registerCsv(input, 'fr');
  print({ name: 'register export, CSV', entries: input.entries.length, ms: ms(t0), bytes: Buffer.byteLength(csv) });
  const stalls = stallMeter();
  t0 = performance.now();
  const pdf = await registerPdf(input, 'fr');
  const pdfMs = ms(t0);
  const longestStallMs = await stalls.stop();
  print({ name: 'register export, PDF (laid out in slices)', entries: input.entries.length, ms: pdfMs, bytes: pdf.length, longestStallMs, target: 'longest stall < 100 ms', met: longestStallMs < 100 });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
