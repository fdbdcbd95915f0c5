import { addHours, Bilingual } from '@app/kernel';
import { obligationsOf, OpenIncident, ruleFacts } from '@app/incidents';
import { describeDuties, Exposure, IssuedOrder, orderDeadlines, orderExposure, organizationExposure } from '@app/orders';
import { Obligation, retentionEnds, RuleBook } from '@app/rules';
import type { ReminderDoc } from './aggregate-projections';

export type ComplianceLevel = 'compliant' | 'at_risk' | 'non_compliant';

export interface Reason {
  level: Exclude<ComplianceLevel, 'compliant'>;
  code: string;
  message: Bilingual;
  incidentId?: string;
  orderId?: string;
  obligationId?: string;
  dueAt?: string | null;
}

/** "Due soon": the window in which an open obligation puts an organization at risk. A product setting, not a rule of law. */
export const DUE_SOON_HOURS = 72;

export interface ComplianceStatus {
  organizationId: string;
  asOf: string;
  status: ComplianceLevel;
  reasons: Reason[];
  exposure: ReturnType<typeof organizationExposure>;
  counts: { openIncidents: number; overdueObligations: number; dueSoonObligations: number; nonCompliantOrders: number };
}

/** What one incident's obligations add to a compliance status: each overdue one, and each open one due within the "due soon" window. */
function incidentReasons(incident: OpenIncident, book: RuleBook, asOf: Date, soon: string): Reason[] {
  const reasons: Reason[] = [];
  for (const o of obligationsOf(incident, book, asOf)) {
    if (o.status === 'overdue') {
      reasons.push({
        level: 'non_compliant',
        code: 'OBLIGATION_OVERDUE',
        incidentId: incident.incidentId,
        obligationId: o.id,
        dueAt: o.dueAt,
        message: { en: `Overdue: ${o.title.en} (incident “${incident.facts.title}”)`, fr: `En retard : ${o.title.fr} (incident « ${incident.facts.title} »)` },
      });
    } else if (o.status === 'open' && o.dueAt && o.dueAt <= soon && !o.deferred) {
      reasons.push({
        level: 'at_risk',
        code: 'OBLIGATION_DUE_SOON',
        incidentId: incident.incidentId,
        obligationId: o.id,
        dueAt: o.dueAt,
        message: { en: `Due soon: ${o.title.en} (incident “${incident.facts.title}”)`, fr: `Échéance proche : ${o.title.fr} (incident « ${incident.facts.title} »)` },
      });
    }
  }
  return reasons;
}

/**
 * An organization's compliance status at a moment, and why. Computed incident by incident,
 * with `pause()` asked between them: an organization may have thousands of incidents, and
 * the caller gives other work its turns meanwhile (see TurnTaker).
 */
export async function complianceStatus(
  organizationId: string,
  incidents: OpenIncident[],
  orders: IssuedOrder[],
  book: RuleBook,
  asOf: Date,
  pause: () => Promise<void> | undefined = () => undefined,
): Promise<ComplianceStatus> {
  const soon = addHours(asOf, DUE_SOON_HOURS).toISOString();
  const reasons: Reason[] = [];
  for (const incident of incidents) {
    for (const r of incidentReasons(incident, book, asOf, soon)) reasons.push(r);
    await pause();
  }
  const overdue = reasons.filter((r) => r.code === 'OBLIGATION_OVERDUE').length;
  let dueSoon = reasons.length - overdue;
  for (const d of orderDuties(orders, asOf)) {
    if (d.status !== 'open' || d.dueAt > soon) continue;
    dueSoon++;
    reasons.push({
      level: 'at_risk',
      code: 'ORDER_DUTY_DUE_SOON',
      orderId: d.orderId,
      obligationId: d.id,
      dueAt: d.dueAt,
      message: { en: `Due soon: ${d.title.en}`, fr: `Échéance proche : ${d.title.fr}` },
    });
  }
  // An order accruing for decades is tens of milliseconds of exposure: other requests get their turns between orders too.
  const exposures: Exposure[] = [];
  for (const o of orders) {
    exposures.push(orderExposure(o, asOf.toISOString()));
    await pause();
  }
  for (const e of exposures) {
    if (e.nonCompliant) {
      reasons.push({
        level: 'non_compliant',
        code: 'ORDER_ACCRUING_PENALTY',
        orderId: e.orderId,
        message: {
          en: `Order non-compliant (${describeDuties(e.missedDuties).en}): ${e.perDay.display.en} per day; ${e.outstanding.display.en} outstanding`,
          fr: `Ordonnance non respectée (${describeDuties(e.missedDuties).fr}) : ${e.perDay.display.fr} par jour; ${e.outstanding.display.fr} dus`,
        },
      });
    } else if (e.outstanding.cents > 0) {
      reasons.push({
        level: 'at_risk',
        code: 'PENALTY_OUTSTANDING',
        orderId: e.orderId,
        message: { en: `Penalty outstanding: ${e.outstanding.display.en}`, fr: `Pénalité due : ${e.outstanding.display.fr}` },
      });
    }
  }
  const status: ComplianceLevel = reasons.some((r) => r.level === 'non_compliant') ? 'non_compliant' : reasons.length ? 'at_risk' : 'compliant';
  return {
    organizationId,
    asOf: asOf.toISOString(),
    status,
    reasons: reasons.sort((a, b) => (a.level === b.level ? 0 : a.level === 'non_compliant' ? -1 : 1)),
    exposure: organizationExposure(organizationId, asOf.toISOString(), exposures),
    counts: {
      openIncidents: incidents.filter((i) => i.status !== 'closed').length,
      overdueObligations: overdue,
      dueSoonObligations: dueSoon,
      nonCompliantOrders: exposures.filter((e) => e.nonCompliant).length,
    },
  };
}

/** An order's corrective measure or report, as the calendar and the status show it. */
export interface OrderDuty {
  /** `measure:<id>` or `report:<dutyId>:<day>`. */
  id: string;
  title: Bilingual;
  /** The regulator that ordered it. */
  regulator: string;
  status: 'open' | 'overdue';
  /** The last calendar day allowed (America/Montreal), as the order states it. */
  dueOn: string;
  /** The end of that day: the instant it becomes overdue. */
  dueAt: string;
}

/**
 * A deadline of the calendar: an incident's obligation (`kind: incident_obligation`, with
 * `incidentId` and `obligation`) or a regulator order's corrective measure or report
 * (`kind: order_duty`, with `orderId` and `duty`). `title` and `dueAt` are the same for both.
 */
export interface CalendarEntry {
  kind: 'incident_obligation' | 'order_duty';
  organizationId: string;
  organizationName: string;
  title: Bilingual;
  dueAt: string | null;
  incidentId: string | null;
  incidentTitle: string | null;
  obligation: Obligation | null;
  orderId: string | null;
  orderReference: string | null;
  duty: OrderDuty | null;
  when: 'overdue' | 'due_soon' | 'open';
}

export interface CalendarFilter {
  when?: CalendarEntry['when'][];
  from?: string;
  to?: string;
}

const whenOf = (overdue: boolean, dueAt: string | null, soon: string): CalendarEntry['when'] => (overdue ? 'overdue' : dueAt && dueAt <= soon ? 'due_soon' : 'open');
const kept = (e: Pick<CalendarEntry, 'when' | 'dueAt'>, f: CalendarFilter) =>
  (!f.when || f.when.includes(e.when)) && (!f.from || (!!e.dueAt && e.dueAt >= f.from)) && (!f.to || (!!e.dueAt && e.dueAt <= f.to));

/** An order's unmet deadlines, each with its status at `asOf`. */
export function orderDuties(orders: IssuedOrder[], asOf: Date): (OrderDuty & { orderId: string; organizationId: string; reference: string })[] {
  const now = asOf.toISOString();
  return orderDeadlines(orders, asOf).map((d) => ({ id: d.duty, title: d.title, regulator: d.regulator, status: now >= d.dueAt ? 'overdue' : 'open', dueOn: d.dueOn, dueAt: d.dueAt, orderId: d.orderId, organizationId: d.organizationId, reference: d.reference }));
}

/**
 * The deadlines not met yet, most urgent first: incidents' open or overdue obligations, and
 * orders' corrective measures not completed and reports not submitted (through the next
 * one due). `organizationNames` names the organizations of the orders.
 */
export function obligationsCalendar(incidents: OpenIncident[], book: RuleBook, asOf: Date, filter: CalendarFilter = {}, orders: IssuedOrder[] = [], organizationNames: ReadonlyMap<string, string> = new Map()): CalendarEntry[] {
  const soon = addHours(asOf, DUE_SOON_HOURS).toISOString();
  const out: CalendarEntry[] = [];
  for (const incident of incidents) {
    for (const o of obligationsOf(incident, book, asOf)) {
      if (o.status !== 'open' && o.status !== 'overdue') continue;
      const entry: CalendarEntry = {
        kind: 'incident_obligation',
        organizationId: incident.organization.id,
        organizationName: incident.organization.name,
        title: o.title,
        dueAt: o.dueAt,
        incidentId: incident.incidentId,
        incidentTitle: incident.facts.title,
        obligation: o,
        orderId: null,
        orderReference: null,
        duty: null,
        when: whenOf(o.status === 'overdue', o.dueAt, soon),
      };
      if (kept(entry, filter)) out.push(entry);
    }
  }
  for (const d of orderDuties(orders, asOf)) {
    const { orderId, organizationId, reference, ...duty } = d;
    const entry: CalendarEntry = {
      kind: 'order_duty',
      organizationId,
      organizationName: organizationNames.get(organizationId) ?? organizationId,
      title: duty.title,
      dueAt: duty.dueAt,
      incidentId: null,
      incidentTitle: null,
      obligation: null,
      orderId,
      orderReference: reference,
      duty,
      when: whenOf(duty.status === 'overdue', duty.dueAt, soon),
    };
    if (kept(entry, filter)) out.push(entry);
  }
  return out.sort((a, b) => calendarSort(a).localeCompare(calendarSort(b)) || calendarKey(a).localeCompare(calendarKey(b)));
}

/** The calendar's order: by due time (none last), then by what it belongs to (a total order, for paging). */
export const calendarSort = (e: CalendarEntry) => e.dueAt ?? '9999';
export const calendarKey = (e: CalendarEntry) => (e.kind === 'incident_obligation' ? `incident:${e.incidentId}/${e.obligation!.id}` : `order:${e.orderId}/${e.duty!.id}`);

/** One entry of the register of confidentiality incidents: the 8 fields of s. 7 of the regulation (CQLR c. P-39.1, r. 3.1). */
export interface RegisterEntry {
  incidentId: string;
  organizationId: string;
  /** (1) the information concerned, or why it is unknown */
  informationConcerned: { categories: string[]; unknownReason: string | null };
  /** (2) a brief description of the circumstances */
  circumstances: { title: string; description: string; origin: { type: string; name: string | null } };
  /** (3) date or period of occurrence (or an approximation) */
  occurred: { from: string; to: string | null; approximate: boolean };
  /** (4) date or period the organization became aware */
  awareAt: string;
  /** (5) number of persons concerned (or an approximation) */
  personsConcerned: { count: number; approximate: boolean; inQuebec: number | null };
  /** (6) why the organization concluded there is, or is not, a risk of serious injury */
  riskAssessment: { seriousInjuryRisk: boolean; reason: string; assessedAt: string; privacyOfficerConsulted: boolean } | null;
  /** (7) if there is: when the CAI and the persons were notified, and whether public notices were given and why */
  notices: { caiNotifiedAt: string | null; personsNotifiedAt: string | null; publicNotice: { givenAt: string; why: string } | null; deferral: { reason: string; investigatingBody: string; since: string } | null };
  /** (8) the measures taken to reduce the risk of injury */
  measures: { measure: string; description: string; takenAt: string }[];
  status: OpenIncident['status'];
  /** When the entry last changed, as recorded (not when its facts happened). */
  lastUpdated: string;
  retentionUntil: string | null;
  retentionSource: string | null;
  /** How long the entry is kept, and from when, in both languages. */
  retentionNote: Bilingual | null;
}

/**
 * An incident document written before the incidents projection's version 3 does not know
 * when its register entry last changed: while version 3 builds beside it (after an
 * upgrade), the latest time it holds stands in, as the register said before.
 */
function latestTimeHeld(i: OpenIncident): string {
  const times = [i.declaredAt, ...i.amendments.map((a) => a.at), ...i.assessments.map((a) => a.assessedAt), ...i.notifications.map((n) => n.sentAt), ...i.mitigations.map((m) => m.takenAt), i.closedAt ?? ''];
  return times.sort()[times.length - 1];
}

export function registerEntries(incidents: OpenIncident[], book: RuleBook): RegisterEntry[] {
  return incidents
    .filter((i) => i.facts.personalInformation.categories.length > 0 || !!i.facts.personalInformation.unknownReason)
    .map((i) => {
      const latest = i.assessments[i.assessments.length - 1] ?? null;
      const first = (r: string[]) => i.notifications.filter((n) => r.includes(n.recipient)).map((n) => n.sentAt).sort()[0] ?? null;
      const publicNotice = i.notifications.filter((n) => n.recipient === 'public_notice').sort((a, b) => a.sentAt.localeCompare(b.sentAt))[0];
      const retention = retentionEnds(ruleFacts(i), book).find((r) => r.rulePackId === 'qc-p39.1') ?? null;
      return {
        incidentId: i.incidentId,
        organizationId: i.organization.id,
        informationConcerned: { categories: i.facts.personalInformation.categories, unknownReason: i.facts.personalInformation.unknownReason },
        circumstances: { title: i.facts.title, description: i.facts.description, origin: i.facts.origin },
        occurred: i.facts.occurred,
        awareAt: i.facts.awareAt,
        personsConcerned: { count: i.facts.persons.count, approximate: i.facts.persons.approximate, inQuebec: i.facts.persons.inQuebec },
        riskAssessment: latest ? { seriousInjuryRisk: latest.seriousInjuryRisk, reason: latest.reason, assessedAt: latest.assessedAt, privacyOfficerConsulted: latest.privacyOfficerConsulted } : null,
        notices: {
          caiNotifiedAt: first(['CAI']),
          personsNotifiedAt: first(['persons']),
          publicNotice: publicNotice ? { givenAt: publicNotice.sentAt, why: publicNotice.summary } : null,
          deferral: i.deferral,
        },
        measures: i.mitigations.map((m) => ({ measure: m.measure, description: m.description, takenAt: m.takenAt })),
        status: i.status,
        lastUpdated: i.registerUpdatedAt ?? latestTimeHeld(i),
        retentionUntil: retention?.until ?? null,
        retentionSource: retention?.source ?? null,
        retentionNote: retention?.note ?? null,
      };
    })
    .sort((a, b) => a.awareAt.localeCompare(b.awareAt) || a.incidentId.localeCompare(b.incidentId));
}

/**
 * Of the penalty days a reminder told of, how many are no longer counted: reversed since
 * (a compliance dated back, a due date moved) and not accrued again. A reminder is kept as
 * it was sent; this says what became of what it announced. Null for other reminders.
 */
export function penaltyDaysReversedSince(reminder: ReminderDoc, order: IssuedOrder | undefined): number | null {
  if (reminder.trigger !== 'penalty_day') return null;
  const { day, from = day, to = day, days = 1 } = reminder.subject;
  if (!order || !from || !to) return 0;
  let reversed = 0;
  for (const [d, e] of order.ledger) if (d >= from && d <= to && e.accrued > 0 && e.accrued <= e.reversed) reversed++;
  return Math.min(reversed, days);
}
