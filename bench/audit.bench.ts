/**
 * npm run bench:audit — an auditor's questions about an organization with 4,000 incidents,
 * through the real application (REST, on a fresh embedded store): the Law 25 register as it
 * stood on a past day, and the compliance status as it was known, each computed from every
 * stream as of that moment. Figures: time to answer, and the longest the event loop went
 * without a turn meanwhile (product target: < 100 ms; other requests wait that long).
 * A benchmark, not a test.
 */
import { registerOrganization, startTestApp } from '../test/support/app';
import { incidentRequest } from '../test/support/requests';
import { stallMeter } from './support/stall-meter';

const INCIDENTS = Number(process.env.BENCH_AUDIT_INCIDENTS ?? 4000);
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: 'audit', ...o }) + '\n');

async function main(): Promise<void> {
  const t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '100000000' });
  try {
    const org = await registerOrganization(t);
    let position = 0;
    for (let i = 0; i < INCIDENTS; i += 50) {
      const sent = await Promise.all(Array.from({ length: Math.min(50, INCIDENTS - i) }, (_, k) => t.api.post('/api/v1/incidents').send(incidentRequest(org, { title: `Incident ${i + k}` }))));
      position = Math.max(position, ...sent.map((r) => Number(r.body.position)));
    }
    await t.api.get(`/api/v1/incidents?minPosition=${position}`).expect(200);
    const questions: [string, string][] = [
      ['register as it stood on a past day (business time)', `/api/v1/audit/organizations/${org}/register?basis=business&at=2026-11-21T12:00:00-05:00`],
      ['compliance status as it was known (recorded time)', `/api/v1/audit/organizations/${org}/compliance?basis=recorded`],
    ];
    for (const [name, path] of questions) {
      for (const run of ['first', 'again']) {
        const stalls = stallMeter();
        const t0 = performance.now();
        const r = await t.api.get(path);
        const ms = Math.round(performance.now() - t0);
        const longestStallMs = await stalls.stop();
        print({ name: `${name}, ${run}`, incidents: INCIDENTS, status: r.status, ms, longestStallMs, target: 'longest stall < 100 ms', met: longestStallMs < 100 });
      }
    }
  } finally {
    await t.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
