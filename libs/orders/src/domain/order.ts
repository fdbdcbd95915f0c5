import { assertNever, beforeEarliest, Bilingual, Decider, DomainError, groupedDeterministicUuid, endOfMontrealDay, formatCountBoth, formatMoneyBoth, isCalendarDay, Money, pageOf, PageRequest, Violations } from '@app/kernel';
import { dayNumber, DayNumber, dayString, firstWholeDayFrom, lastWholeDayBefore, montrealDayNumber } from './calendar-days';

export const REGULATORS = ['AMF', 'CAI', 'OPC', 'OSFI', 'other'] as const;

/**
 * How days of non-compliance are counted. The AMF's words are "per day of non-compliance";
 * this reading is an ASSUMPTION (shared/docs/domain.md), carried by each order and shown
 * with every exposure answer.
 */
export interface DayCountingRule {
  id: 'calendar-days-after-missed-due-date';
  zone: 'America/Montreal';
  text: Bilingual;
  assumption: true;
}

export const DEFAULT_DAY_COUNTING_RULE: DayCountingRule = {
  id: 'calendar-days-after-missed-due-date',
  zone: 'America/Montreal',
  assumption: true,
  text: {
    en: 'One accrual per calendar day (America/Montreal) of non-compliance: from the day after a missed due date (or after non-compliance is recorded) through the last whole day before compliance is shown or the order is lifted. This reading of "per day of non-compliance" is an assumption, not the text of the order.',
    fr: 'Une pénalité par jour civil (America/Montreal) de non-conformité : du lendemain d’une échéance manquée (ou de la constatation de non-conformité) jusqu’au dernier jour complet avant que la conformité soit démontrée ou l’ordonnance levée. Cette lecture de « par jour de non-conformité » est une hypothèse, non le texte de l’ordonnance.',
  },
};

export interface CorrectiveMeasure {
  id: string;
  description: string;
  /** Last calendar day (Montreal) to complete it. */
  dueOn: string;
}

export interface ReportingDuty {
  id: string;
  description: string;
  /** Explicit due days, or a cadence (every N days from `firstDueOn`, until `until`). */
  dueOn?: string[];
  cadence?: { everyDays: number; firstDueOn: string; until: string | null };
}

export interface OrderTerms {
  regulator: (typeof REGULATORS)[number];
  regulatorName: string | null;
  reference: string;
  legalBasis: string;
  organizationId: string;
  issuedAt: string;
  findings: string[];
  measures: CorrectiveMeasure[];
  reportingDuties: ReportingDuty[];
  penalty: { perDay: Money; dayCounting: DayCountingRule };
}

// ---- events ------------------------------------------------------------------------------

/** `id` is set where idempotency needs a deterministic event id (the penalty clock). */
export type OrderEvent = {
  id?: string;
  /** When the store accepted the event: set on events read from the log, absent on events being decided. */
  recordedAt?: string;
} & (
  | { type: 'RegulatorOrderIssued'; occurredAt: string; data: { orderId: string } & OrderTerms }
  | { type: 'CorrectiveMeasureCompleted'; occurredAt: string; data: { measureId: string; completedAt: string; evidence: string } }
  | { type: 'CorrectiveMeasureReviewed'; occurredAt: string; data: { measureId: string; decision: 'accepted' | 'rejected'; reason: string; reviewedAt: string } }
  | { type: 'ComplianceReportSubmitted'; occurredAt: string; data: { dutyId: string; submittedAt: string; summary: string } }
  | { type: 'NonComplianceRecorded'; occurredAt: string; data: { effectiveAt: string; reason: string } }
  | { type: 'ComplianceRestored'; occurredAt: string; data: { effectiveAt: string; evidence: string } }
  | { type: 'OrderAmended'; occurredAt: string; data: { target: { measureId?: string; dutyId?: string }; newDueOn: string; reference: string } }
  | { type: 'OrderLifted'; occurredAt: string; data: { liftedAt: string; reference: string } }
  | { type: 'PenaltyPaymentRecorded'; occurredAt: string; data: { amount: Money; paidAt: string; reference: string } }
  /** A payment recorded in error (a wrong amount, the wrong order): it stays in the ledger, and no longer counts. `payment` is its number, from 1. */
  | { type: 'PenaltyPaymentCancelled'; occurredAt: string; data: { payment: number; amount: Money; reason: string } }
  | { type: 'DailyPenaltyAccrued'; occurredAt: string; data: { orderId: string; day: string; amount: Money; missedDuties: string[] } }
  | { type: 'PenaltyAccrualReversed'; occurredAt: string; data: { orderId: string; day: string; amount: Money; reason: string } }
);

/** Every order event type, for filters that must name one (checked against the union both ways). */
export const ORDER_EVENT_TYPES = Object.keys({
  RegulatorOrderIssued: 1, CorrectiveMeasureCompleted: 1, CorrectiveMeasureReviewed: 1, ComplianceReportSubmitted: 1, NonComplianceRecorded: 1, ComplianceRestored: 1,
  OrderAmended: 1, OrderLifted: 1, PenaltyPaymentRecorded: 1, PenaltyPaymentCancelled: 1, DailyPenaltyAccrued: 1, PenaltyAccrualReversed: 1,
} satisfies Record<OrderEvent['type'], 1>) as OrderEvent['type'][];

// ---- commands -----------------------------------------------------------------------------

export type OrderCommand =
  | { type: 'IssueOrder'; at: string; orderId: string; terms: OrderTerms }
  | { type: 'CompleteCorrectiveMeasure'; at: string; measureId: string; completedAt: string; evidence: string }
  | { type: 'ReviewCorrectiveMeasure'; at: string; measureId: string; decision: 'accepted' | 'rejected'; reason: string; reviewedAt: string }
  | { type: 'SubmitComplianceReport'; at: string; dutyId: string; submittedAt: string; summary: string }
  | { type: 'RecordNonCompliance'; at: string; effectiveAt: string; reason: string }
  | { type: 'RecordComplianceRestored'; at: string; effectiveAt: string; evidence: string }
  | { type: 'AmendOrder'; at: string; measureId?: string; dutyId?: string; newDueOn: string; reference: string }
  | { type: 'LiftOrder'; at: string; liftedAt: string; reference: string }
  | { type: 'RecordPenaltyPayment'; at: string; amount: Money; paidAt: string; reference: string }
  | { type: 'CancelPenaltyPayment'; at: string; payment: number; reason: string }
  /** The penalty clock: bring the ledger in line with the facts as of `at`. */
  | { type: 'RunPenaltyClock'; at: string };

// ---- state ------------------------------------------------------------------------------------

export interface IssuedOrder {
  status: 'issued' | 'lifted';
  orderId: string;
  terms: OrderTerms;
  /**
   * When Vigie recorded the order (the store's time of RegulatorOrderIssued), which may be
   * years after it was issued: what was already overdue then is a catch-up. Null on a state
   * folded from events not read from the log; absent on documents made before it was kept.
   */
  recordedAt?: string | null;
  completions: Record<string, { completedAt: string; evidence: string }[]>;
  reviews: Record<string, { decision: 'accepted' | 'rejected'; reason: string; reviewedAt: string }[]>;
  reports: Record<string, string[]>;
  explicit: { kind: 'non_compliance' | 'restored'; effectiveAt: string }[];
  liftedAt: string | null;
  /**
   * The ledger: day → net accrual state, with how many times the day was accrued and reversed.
   * Which duties a day missed stays in its DailyPenaltyAccrued event (the ledger's export and
   * the reminders read it there): kept here too, an order accruing since 2000 carried 1 MB of
   * codes in every fold and every read-model document.
   */
  ledger: Map<string, { accrued: number; reversed: number; amount: Money }>;
  /** In the order recorded; a payment is numbered by its place here, from 1. `cancelled` is absent on documents stored before cancellations existed. */
  payments: { amount: Money; paidAt: string; reference: string; cancelled?: { reason: string; at: string } | null }[];
}

/** The payments that count: every one not cancelled. */
export const paymentsMade = (s: Pick<IssuedOrder, 'payments'>) => s.payments.filter((p) => !p.cancelled);

export type OrderState = { status: 'none' } | IssuedOrder;

export const orderStream = (id: string) => `order-${id}`;

const t = (en: string, fr: string): Bilingual => ({ en, fr });

// ---- non-compliance: a pure function of the facts -------------------------------------------

export interface Interval {
  /** Business time non-compliance starts. */
  from: string;
  /** Business time compliance is shown (null: still non-compliant). */
  to: string | null;
  duty: string;
}

/** A reporting duty's due days through `upTo`, in order (explicit ones may be given in any order: reports are matched to them in order). */
export function dutyDueDays(d: ReportingDuty, upTo: DayNumber): string[] {
  if (d.dueOn) return [...d.dueOn].sort();
  const c = d.cadence!;
  const out: string[] = [];
  const last = Math.min(upTo, c.until ? dayNumber(c.until) : upTo);
  for (let n = dayNumber(c.firstDueOn); n <= last; n += c.everyDays) out.push(dayString(n));
  return out;
}

const startOfNextDay = (day: string) => endOfMontrealDay(day).toISOString();

/** When was a measure's compliance shown? The first completion not later rejected by the regulator. */
export function measureCompletedAt(s: IssuedOrder, measureId: string): string | null {
  const completions = s.completions[measureId] ?? [];
  const rejections = (s.reviews[measureId] ?? []).filter((r) => r.decision === 'rejected');
  for (const c of completions) {
    if (!rejections.some((r) => r.reviewedAt >= c.completedAt)) return c.completedAt;
  }
  return null;
}

/**
 * Every period of non-compliance, as business-time intervals: a missed due date opens
 * one at the start of the next Montreal day, closed when the duty is met; a recorded
 * non-compliance opens one, closed by a restoration. A restoration or the lifting of
 * the order closes every interval open at that time.
 */
export function nonComplianceIntervals(s: IssuedOrder, asOf: string): Interval[] {
  const out: Interval[] = [];
  for (const m of s.terms.measures) {
    const due = startOfNextDay(m.dueOn);
    const done = measureCompletedAt(s, m.id);
    if (!done || done > due) out.push({ from: due, to: done, duty: `measure:${m.id}` });
  }
  const horizon = montrealDayNumber(asOf) + 1;
  for (const d of s.terms.reportingDuties) {
    const submissions = [...(s.reports[d.id] ?? [])].sort();
    dutyDueDays(d, horizon).forEach((day, i) => {
      const due = startOfNextDay(day);
      const sub = submissions[i] ?? null;
      if (!sub || sub > due) out.push({ from: due, to: sub, duty: `report:${d.id}:${day}` });
    });
  }
  const explicit = [...s.explicit].sort((a, b) => (a.effectiveAt < b.effectiveAt ? -1 : a.effectiveAt > b.effectiveAt ? 1 : 0));
  let open: string | null = null;
  for (const e of explicit) {
    if (e.kind === 'non_compliance' && open === null) open = e.effectiveAt;
    if (e.kind === 'restored' && open !== null) {
      out.push({ from: open, to: e.effectiveAt, duty: 'recorded-non-compliance' });
      open = null;
    }
  }
  if (open !== null) out.push({ from: open, to: null, duty: 'recorded-non-compliance' });
  // Compliance shown, or the order lifted, ends every interval open at that time.
  const cuts = [...s.explicit.filter((e) => e.kind === 'restored').map((e) => e.effectiveAt), ...(s.liftedAt ? [s.liftedAt] : [])].sort();
  return out
    .map((iv) => {
      const cut = cuts.find((c) => c > iv.from && (iv.to === null || c < iv.to));
      return cut ? { ...iv, to: cut } : iv;
    })
    .filter((iv) => iv.to === null || iv.to > iv.from);
}

/**
 * The periods of non-compliance as they stood at `asOf`, for people (an order's view, an
 * audit): those begun by then, still open (`to: null`) if compliance was shown only later.
 * (`nonComplianceIntervals` also holds the periods a due date will open later, which the
 * penalty clock needs to look ahead.)
 */
export function nonComplianceAt(s: IssuedOrder, asOf: string): Interval[] {
  return nonComplianceIntervals(s, asOf)
    .filter((iv) => iv.from <= asOf)
    .map((iv) => (iv.to !== null && iv.to > asOf ? { ...iv, to: null } : iv));
}

/** How many periods of non-compliance there are at `asOf`, and how many are still open. */
export interface NonComplianceCount {
  total: number;
  open: number;
}

const countOf = (periods: Interval[]): NonComplianceCount => ({ total: periods.length, open: periods.filter((p) => p.to === null).length });

/**
 * The periods of non-compliance at `asOf` counted: what an order's view shows. A report due
 * every day and never submitted is a period a day, thousands of them over years: they are
 * listed a page at a time (`nonCompliancePage`), not in the order's view.
 */
export function nonComplianceCounted(s: IssuedOrder, asOf: string): NonComplianceCount {
  return countOf(nonComplianceAt(s, asOf));
}

/**
 * A page of the periods of non-compliance at `asOf`, by start then by duty (a period's start
 * and duty name it: a duty opens one period at a time), with their count. A cursor stays
 * valid as periods open later: they start after it, or are skipped if dated back before it.
 */
export function nonCompliancePage(s: IssuedOrder, asOf: string, page: PageRequest): NonComplianceCount & { items: Interval[]; nextCursor: string | null } {
  const periods = nonComplianceAt(s, asOf).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.duty < b.duty ? -1 : a.duty > b.duty ? 1 : 0));
  return { ...countOf(periods), ...pageOf(periods, page, (p) => p.from, (p) => p.duty) };
}

/** The accruable days of an order at a moment, and the duties missed on each. */
export interface AccruableDays {
  /** The days (YYYY-MM-DD), in order. */
  readonly days: string[];
  has(day: string): boolean;
  /** The duties missed on a day, in the order of `nonComplianceIntervals`, a reporting duty's missed reports in one code (see `missedReports`); none when the day is not accruable. */
  dutiesOn(day: string): string[];
}

/** What a missed duty's code is about: `measure:<id>`, `report:<dutyId>` (every report of that duty), `recorded-non-compliance`. */
function dutySource(duty: string): string {
  const [kind, id] = duty.split(':');
  return kind === 'report' ? `report:${id}` : duty;
}

/**
 * Several missed reports of one reporting duty in one code, `report:<dutyId>:<earliest due
 * day>:<how many>`; one missed report keeps its own code, `report:<dutyId>:<due day>`. A
 * report due every day and never submitted is, on its thousandth day, a thousand missed
 * reports: named one by one, each day's accrual was as long as every day before it (an
 * order recorded years late with daily reports exhausted the server's memory).
 */
export function missedReports(earliest: string, count: number): string {
  return count > 1 ? `${earliest}:${count}` : earliest;
}

/**
 * Missed duties (each a code of one duty, in the order of `nonComplianceIntervals`), with the
 * reports of each reporting duty in one code: the earliest and how many. Codes that already
 * group reports (a catch-up summing several days' accruals) group again: the earliest due
 * day of all, and the most reports missed on one day (or the distinct single reports named,
 * when there are more).
 */
export function groupMissedDuties(duties: Iterable<string>): string[] {
  const bySource = new Map<string, { code: string; id?: string; earliest?: string; singles?: Set<string>; most?: number }>();
  for (const duty of duties) {
    const source = dutySource(duty);
    const [kind, id, day, n] = duty.split(':');
    const group = bySource.get(source) ?? { code: duty };
    bySource.set(source, group);
    if (kind !== 'report' || !day) continue;
    group.id = id;
    if (!group.earliest || day < group.earliest) group.earliest = day;
    if (n) group.most = Math.max(group.most ?? 0, Number(n));
    else (group.singles ??= new Set()).add(day);
  }
  return collapseDuties([...bySource.values()].map((g) => (g.earliest ? missedReports(`report:${g.id}:${g.earliest}`, Math.max(g.most ?? 0, g.singles?.size ?? 0)) : g.code)));
}

/**
 * The most corrective measures, and reporting duties, a list of missed duties names one by
 * one (an accrual's, an exposure's, a summary's); beyond, they are counted in one code each:
 * `measures:<how many>`, `reports:<how many reports>:<of how many duties>`. An order may hold
 * 500 measures: missed since 2000, each day's accrual named all of them, 4.9 million codes in
 * its ledger, and its ledger answered 213 MB in 35 s. Which ones a day missed stays in the
 * order's terms and its history (the audit's view of the order as of that day).
 */
export const MAX_DUTIES_NAMED = 10;

/** What a list of missed duties holds of each countable kind: named one by one, and already counted. */
interface DutyTally {
  measures: { named: number; counted: number };
  reports: { named: number; counted: number; reports: number; duties: number };
}

/**
 * The one rule of both lists (a summary's codes, a day's duties): the code that stands for
 * every measure, and for every reporting duty, once more than MAX_DUTIES_NAMED would be named
 * or a code already counted them; null for a kind named one by one.
 */
function countedCodes({ measures, reports }: DutyTally): { measure: string | null; report: string | null } {
  return {
    measure: measures.counted > 0 || measures.named > MAX_DUTIES_NAMED ? `measures:${Math.max(measures.counted, measures.named)}` : null,
    report: reports.counted > 0 || reports.named > MAX_DUTIES_NAMED ? `reports:${Math.max(reports.counted, reports.reports)}:${Math.max(reports.duties, reports.named)}` : null,
  };
}

/** The codes in order, those of a counted kind replaced by its one code, where the first of them stood. */
function placeCounted<T>(items: T[], kindOf: (item: T) => string, codeOf: (item: T) => string, counted: ReturnType<typeof countedCodes>): string[] {
  const out: string[] = [];
  const placed = new Set<string>();
  for (const item of items) {
    const kind = kindOf(item);
    const instead = kind === 'measure' || kind === 'report' ? counted[kind] : null;
    if (!instead) out.push(codeOf(item));
    else if (!placed.has(instead)) {
      placed.add(instead);
      out.push(instead);
    }
  }
  return out;
}

/** Several missed duties (one code per duty, or already counted) with the measures, and the reporting duties, counted past MAX_DUTIES_NAMED. */
function collapseDuties(codes: string[]): string[] {
  const tally: DutyTally = { measures: { named: 0, counted: 0 }, reports: { named: 0, counted: 0, reports: 0, duties: 0 } };
  for (const code of codes) {
    const [kind, a, b, n] = code.split(':');
    if (kind === 'measure') tally.measures.named++;
    else if (kind === 'measures') tally.measures.counted = Math.max(tally.measures.counted, Number(a));
    else if (kind === 'report') {
      tally.reports.named++;
      tally.reports.reports += n ? Number(n) : 1;
    } else if (kind === 'reports') {
      tally.reports.counted = Math.max(tally.reports.counted, Number(a));
      tally.reports.duties = Math.max(tally.reports.duties, Number(b));
    }
  }
  const counted = countedCodes(tally);
  if (!counted.measure && !counted.report) return codes;
  return placeCounted(codes, (code) => code.split(':')[0].replace(/s$/, ''), (code) => code, counted);
}

/** The first index whose value is at least `n`, in values that never decrease. */
function firstAtLeast(values: number[], n: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The closed form: every Montreal day that lies entirely inside a period of
 * non-compliance and has ended by `asOf`, with the duties missed on it.
 *
 * Periods overlap (every missed report of a cadence opens one that stays open until it is
 * submitted), so the days are the union of the periods, swept in order: the cost grows with
 * the days and the periods, not with their product. The duties of a day are found when asked
 * for (the clock asks only for the days it accrues), in each duty's periods by bisection: a
 * duty's periods, in the order `nonComplianceIntervals` gives them, begin in order and end in
 * order (reports are matched to submissions in order, and compliance shown or a lifting ends
 * every period open at that time), so those covering a day are consecutive.
 */
export function accruableDays(s: IssuedOrder, asOf: string): AccruableDays {
  const lastEnded = lastWholeDayBefore(asOf);
  const spans = nonComplianceIntervals(s, asOf)
    .map((iv) => ({ first: firstWholeDayFrom(iv.from), last: Math.min(lastEnded, iv.to ? lastWholeDayBefore(iv.to) : lastEnded), duty: iv.duty }))
    .filter((sp) => sp.first <= sp.last);
  const days: string[] = [];
  let covered = -Infinity;
  for (const sp of [...spans].sort((a, b) => a.first - b.first)) {
    for (let d = Math.max(sp.first, covered + 1); d <= sp.last; d++) days.push(dayString(d));
    covered = Math.max(covered, sp.last);
  }
  const set = new Set(days);
  const bySource = new Map<string, { firsts: number[]; lasts: number[]; duties: string[] }>();
  for (const sp of spans) {
    const source = dutySource(sp.duty);
    const group = bySource.get(source) ?? { firsts: [], lasts: [], duties: [] };
    bySource.set(source, group);
    group.firsts.push(sp.first);
    group.lasts.push(sp.last);
    group.duties.push(sp.duty);
  }
  const groups = [...bySource.values()].map((g) => ({ ...g, kind: g.duties[0].split(':')[0] }));
  return {
    days,
    has: (day) => set.has(day),
    dutiesOn: (day) => {
      const n = dayNumber(day);
      const hits: { group: (typeof groups)[number]; from: number; to: number }[] = [];
      const tally: DutyTally = { measures: { named: 0, counted: 0 }, reports: { named: 0, counted: 0, reports: 0, duties: 0 } };
      for (const group of groups) {
        const from = firstAtLeast(group.lasts, n); // the first period not ended before the day
        const to = firstAtLeast(group.firsts, n + 1); // past the last period begun by the day
        if (from >= to) continue;
        hits.push({ group, from, to });
        if (group.kind === 'measure') tally.measures.named++;
        if (group.kind === 'report') {
          tally.reports.named++;
          tally.reports.reports += to - from;
        }
      }
      // collapseDuties' rule, without writing the codes it would count (500 measures a day, for years).
      return placeCounted(hits, (h) => h.group.kind, (h) => missedReports(h.group.duties[h.from], h.to - h.from), countedCodes(tally));
    },
  };
}

/** The days currently accrued in the ledger (accrued more times than reversed). */
export function accruedDays(s: IssuedOrder): string[] {
  return [...s.ledger.entries()].filter(([, e]) => e.accrued > e.reversed).map(([d]) => d).sort();
}

const ACCRUAL_NS = 'vigie:penalty';

/**
 * Deterministic ids: the n-th accrual (or reversal) of a day of an order is always the same
 * event. They are grouped by order, so a catch-up of thousands of days appends ids that sit
 * side by side in the store's index. Accruals written by earlier releases carry ids of
 * another layout (version 5); that is safe: a day in the ledger is never accrued again, and
 * every append is at the expected revision.
 */
export const accrualEventId = (orderId: string, day: string, n: number) => groupedDeterministicUuid(ACCRUAL_NS, orderId, `${day}/accrue/${n}`);
export const reversalEventId = (orderId: string, day: string, n: number) => groupedDeterministicUuid(ACCRUAL_NS, orderId, `${day}/reverse/${n}`);

function penaltyClock(s: IssuedOrder, at: string): OrderEvent[] {
  const due = accruableDays(s, at);
  const events: OrderEvent[] = [];
  for (const day of accruedDays(s)) {
    if (!due.has(day)) {
      const e = s.ledger.get(day)!;
      events.push({
        type: 'PenaltyAccrualReversed',
        id: reversalEventId(s.orderId, day, e.reversed + 1),
        occurredAt: at,
        data: { orderId: s.orderId, day, amount: e.amount, reason: 'Backdated facts: this day is no longer a day of non-compliance' },
      });
    }
  }
  for (const day of due.days) {
    const e = s.ledger.get(day);
    if (e && e.accrued > e.reversed) continue;
    const missedDuties = due.dutiesOn(day);
    events.push({
      type: 'DailyPenaltyAccrued',
      id: accrualEventId(s.orderId, day, (e?.accrued ?? 0) + 1),
      occurredAt: endOfMontrealDay(day).toISOString(),
      data: { orderId: s.orderId, day, amount: s.terms.penalty.perDay, missedDuties },
    });
  }
  return events;
}

/**
 * A missed duty as people read it. Its code (`measure:<id>`, `report:<id>:<due day>` or
 * `report:<id>:<earliest due day>:<how many>`, `measures:<how many>`, `reports:<how many>:<of
 * how many duties>`, `recorded-non-compliance`) stays in the events and the JSON answers; messages, reminders
 * and exports say it in words.
 */
export function describeDuty(duty: string): Bilingual {
  const [kind, id, day, count] = duty.split(':');
  if (kind === 'measure' && id) return { en: `corrective measure “${id}” not completed`, fr: `mesure corrective « ${id} » non réalisée` };
  if (kind === 'report' && id && day && Number(count) > 1) {
    const n = formatCountBoth(Number(count));
    return { en: `${n.en} reports “${id}” not submitted, the earliest due ${day}`, fr: `${n.fr} rapports « ${id} » non remis, le premier dû le ${day}` };
  }
  if (kind === 'report' && id && day) return { en: `report “${id}” due ${day} not submitted`, fr: `rapport « ${id} » dû le ${day} non remis` };
  if (kind === 'measures' && Number(id) > 0) {
    const n = formatCountBoth(Number(id));
    return { en: `${n.en} corrective measures not completed`, fr: `${n.fr} mesures correctives non réalisées` };
  }
  if (kind === 'reports' && Number(id) > 0 && Number(day) > 0) {
    const [n, of] = [formatCountBoth(Number(id)), formatCountBoth(Number(day))];
    return { en: `${n.en} reports of ${of.en} reporting duties not submitted`, fr: `${n.fr} rapports de ${of.fr} obligations de rapport non remis` };
  }
  if (duty === 'recorded-non-compliance') return { en: 'non-compliance recorded', fr: 'non-conformité constatée' };
  return { en: duty, fr: duty };
}

/** Several missed duties, in words, in both languages. */
export function describeDuties(duties: string[]): Bilingual {
  const each = duties.map(describeDuty);
  return { en: each.map((d) => d.en).join('; '), fr: each.map((d) => d.fr).join('; ') };
}

// ---- decide ---------------------------------------------------------------------------------------

/**
 * The largest penalty per day Vigie records: 1 000 000 000 $ (the AMF's is 10 000 $). Totals
 * stay exact integers of cents (below 2^53) for 90,000 days of accrual at that rate; a
 * larger amount would make accrued totals lose cents, so it is refused up front.
 */
export const MAX_PENALTY_PER_DAY_CENTS = 100_000_000_000;

/**
 * The most reports Vigie follows for one order in a year: a product limit, not a rule of law.
 * Each report due and missed is a period of non-compliance that the penalty clock, the
 * exposure, the deadlines calendar and the reminders go through; an order recorded years after
 * it was issued catches up on all of them at once (a hundred daily reports since 2000 were a
 * million periods, and the server ran out of memory). A thousand a year is more than two
 * reports a day; orders ask for reports every quarter, month or week.
 */
export const MAX_REPORTS_PER_YEAR = 1_000;

/** The reports an order's duties call for in a year at most: each cadence at its rate, and the explicit due dates of the busiest calendar year. */
function reportsPerYear(duties: ReportingDuty[]): number {
  const explicitByYear = new Map<string, number>();
  let cadences = 0;
  for (const d of duties) {
    for (const day of d.dueOn ?? []) explicitByYear.set(day.slice(0, 4), (explicitByYear.get(day.slice(0, 4)) ?? 0) + 1);
    if (d.cadence && Number.isSafeInteger(d.cadence.everyDays) && d.cadence.everyDays >= 1) cadences += Math.ceil(366 / d.cadence.everyDays);
  }
  return cadences + Math.max(0, ...explicitByYear.values());
}

function validateTerms(terms: OrderTerms, at: string): void {
  const v = new Violations();
  const p = terms.penalty.perDay;
  if (!Number.isSafeInteger(p.cents) || p.cents <= 0) v.add('penalty.amountPerDayCents', 'positiveCents', 'the penalty per day must be a positive whole number of cents', 'la pénalité quotidienne doit être un nombre entier positif de cents');
  else if (p.cents > MAX_PENALTY_PER_DAY_CENTS) v.add('penalty.amountPerDayCents', 'max', 'the penalty per day must not exceed 100000000000 cents (1,000,000,000 $)', 'la pénalité quotidienne ne doit pas dépasser 100000000000 cents (1 000 000 000 $)');
  if (terms.issuedAt > at) v.add('issuedAt', 'notInFuture', 'an order cannot be issued in the future', 'une ordonnance ne peut pas être rendue dans le futur');
  // Every due day and every later fact of the order comes after its issue.
  v.include(beforeEarliest('issuedAt', terms.issuedAt));
  const issuedDay = montrealDayNumber(terms.issuedAt);
  const ids = new Set<string>();
  terms.measures.forEach((m, i) => {
    if (ids.has(m.id)) v.add(`measures[${i}].id`, 'unique', 'measure ids must be unique', 'les identifiants de mesures doivent être uniques');
    ids.add(m.id);
    if (!isCalendarDay(m.dueOn)) v.add(`measures[${i}].dueOn`, 'isCalendarDay', 'must be a calendar day YYYY-MM-DD', 'doit être une date AAAA-MM-JJ');
    else if (dayNumber(m.dueOn) < issuedDay) v.add(`measures[${i}].dueOn`, 'notBeforeIssue', 'a due date cannot be before the order was issued', 'une échéance ne peut pas précéder la date de l’ordonnance');
  });
  const dutyIds = new Set<string>();
  terms.reportingDuties.forEach((d, i) => {
    if (dutyIds.has(d.id)) v.add(`reportingDuties[${i}].id`, 'unique', 'duty ids must be unique', 'les identifiants d’obligations doivent être uniques');
    dutyIds.add(d.id);
    if (!d.dueOn === !d.cadence) v.add(`reportingDuties[${i}]`, 'dueOnOrCadence', 'give either due dates or a cadence', 'indiquez soit des échéances, soit une fréquence');
    const days = d.dueOn ?? (d.cadence ? [d.cadence.firstDueOn, ...(d.cadence.until ? [d.cadence.until] : [])] : []);
    if (d.dueOn && new Set(d.dueOn).size !== d.dueOn.length) v.add(`reportingDuties[${i}].dueOn`, 'unique', 'a due date is given twice', 'une échéance est indiquée deux fois');
    for (const day of days) {
      if (!isCalendarDay(day)) v.add(`reportingDuties[${i}]`, 'isCalendarDay', `${day} is not a calendar day`, `${day} n’est pas une date valide`);
      else if (dayNumber(day) < issuedDay) v.add(`reportingDuties[${i}]`, 'notBeforeIssue', 'a due date cannot be before the order was issued', 'une échéance ne peut pas précéder la date de l’ordonnance');
    }
    if (d.cadence && (!Number.isSafeInteger(d.cadence.everyDays) || d.cadence.everyDays < 1)) v.add(`reportingDuties[${i}].cadence.everyDays`, 'positiveInteger', 'must be ≥ 1', 'doit être ≥ 1');
  });
  const perYear = reportsPerYear(terms.reportingDuties);
  if (perYear > MAX_REPORTS_PER_YEAR) {
    const [n, max] = [formatCountBoth(perYear), formatCountBoth(MAX_REPORTS_PER_YEAR)];
    v.add(
      'reportingDuties',
      'maxReportsPerYear',
      `the reporting duties call for up to ${n.en} reports a year; Vigie follows at most ${max.en} per order (a product limit)`,
      `les redditions de comptes exigent jusqu’à ${n.fr} rapports par année; Vigie en suit au plus ${max.fr} par ordonnance (une limite du produit)`,
    );
  }
  if (terms.measures.length === 0 && terms.reportingDuties.length === 0) v.add('measures', 'notEmpty', 'an order needs at least one measure or reporting duty', 'une ordonnance exige au moins une mesure ou une reddition de comptes');
  v.throwIfAny();
}

function requireOrder(state: OrderState): IssuedOrder {
  if (state.status === 'none') throw DomainError.notFound('ORDER_NOT_FOUND', t('No such order', 'Ordonnance introuvable'));
  return state;
}

function requireNotLifted(s: IssuedOrder): void {
  if (s.status === 'lifted') throw DomainError.rule('ORDER_LIFTED', t('The order was lifted', 'L’ordonnance a été levée'));
}

function requirePastOrNow(field: string, value: string, s: IssuedOrder, at: string): void {
  const v = new Violations();
  if (value > at) v.add(field, 'notInFuture', 'cannot be dated in the future', 'ne peut pas être daté dans le futur');
  if (value < s.terms.issuedAt) v.add(field, 'notBeforeIssue', 'cannot be dated before the order was issued', 'ne peut pas précéder la date de l’ordonnance');
  v.throwIfAny();
}

function requireMeasure(s: IssuedOrder, measureId: string): void {
  if (!s.terms.measures.some((m) => m.id === measureId)) {
    throw DomainError.rule('UNKNOWN_MEASURE', t(`The order has no corrective measure "${measureId}"`, `L’ordonnance ne comporte aucune mesure corrective « ${measureId} »`), {}, [
      { field: 'measureId', rule: 'measureOfOrder', message: t('must be a measure of this order', 'doit être une mesure de cette ordonnance') },
    ]);
  }
}

export function outstanding(s: IssuedOrder): Money {
  let cents = 0;
  for (const e of s.ledger.values()) cents += (e.accrued - e.reversed) * e.amount.cents;
  for (const p of paymentsMade(s)) cents -= p.amount.cents;
  return { cents, currency: s.terms.penalty.perDay.currency };
}

function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  if (command.type === 'IssueOrder') {
    if (state.status !== 'none') throw DomainError.conflict('ORDER_ALREADY_ISSUED', t('This order already exists', 'Cette ordonnance existe déjà'));
    validateTerms(command.terms, command.at);
    return [{ type: 'RegulatorOrderIssued', occurredAt: command.terms.issuedAt, data: { orderId: command.orderId, ...command.terms } }];
  }
  const s = requireOrder(state);
  switch (command.type) {
    case 'CompleteCorrectiveMeasure':
      requireNotLifted(s);
      requireMeasure(s, command.measureId);
      requirePastOrNow('completedAt', command.completedAt, s, command.at);
      if (!command.evidence.trim()) new Violations().add('evidence', 'notBlank', 'say where the evidence is', 'indiquez où se trouve la preuve').throwIfAny();
      return [{ type: 'CorrectiveMeasureCompleted', occurredAt: command.completedAt, data: { measureId: command.measureId, completedAt: command.completedAt, evidence: command.evidence } }];
    case 'ReviewCorrectiveMeasure':
      requireMeasure(s, command.measureId);
      requirePastOrNow('reviewedAt', command.reviewedAt, s, command.at);
      if (!(s.completions[command.measureId] ?? []).some((c) => c.completedAt <= command.reviewedAt)) {
        throw DomainError.rule('MEASURE_NOT_COMPLETED', t('The regulator can only review a completed measure', 'L’autorité ne peut examiner qu’une mesure accomplie'));
      }
      return [{ type: 'CorrectiveMeasureReviewed', occurredAt: command.reviewedAt, data: { measureId: command.measureId, decision: command.decision, reason: command.reason, reviewedAt: command.reviewedAt } }];
    case 'SubmitComplianceReport':
      requireNotLifted(s);
      if (!s.terms.reportingDuties.some((d) => d.id === command.dutyId)) {
        throw DomainError.rule('UNKNOWN_REPORTING_DUTY', t(`The order has no reporting duty "${command.dutyId}"`, `L’ordonnance ne comporte aucune reddition de comptes « ${command.dutyId} »`), {}, [
          { field: 'dutyId', rule: 'dutyOfOrder', message: t('must be a reporting duty of this order', 'doit être une reddition de comptes de cette ordonnance') },
        ]);
      }
      requirePastOrNow('submittedAt', command.submittedAt, s, command.at);
      return [{ type: 'ComplianceReportSubmitted', occurredAt: command.submittedAt, data: { dutyId: command.dutyId, submittedAt: command.submittedAt, summary: command.summary } }];
    case 'RecordNonCompliance':
      requireNotLifted(s);
      requirePastOrNow('effectiveAt', command.effectiveAt, s, command.at);
      return [{ type: 'NonComplianceRecorded', occurredAt: command.effectiveAt, data: { effectiveAt: command.effectiveAt, reason: command.reason } }];
    case 'RecordComplianceRestored':
      requirePastOrNow('effectiveAt', command.effectiveAt, s, command.at);
      return [{ type: 'ComplianceRestored', occurredAt: command.effectiveAt, data: { effectiveAt: command.effectiveAt, evidence: command.evidence } }];
    case 'AmendOrder': {
      requireNotLifted(s);
      if (!command.reference.trim()) new Violations().add('reference', 'notBlank', 'cite the regulator’s decision', 'citez la décision de l’autorité').throwIfAny();
      if (!!command.measureId === !!command.dutyId) new Violations().add('measureId', 'oneTarget', 'name either a measure or a reporting duty', 'désignez soit une mesure, soit une reddition de comptes').throwIfAny();
      if (command.measureId) requireMeasure(s, command.measureId);
      const duty = command.dutyId ? s.terms.reportingDuties.find((d) => d.id === command.dutyId) : undefined;
      if (command.dutyId && (!duty || !duty.dueOn || duty.dueOn.length !== 1)) {
        throw DomainError.rule('UNKNOWN_REPORTING_DUTY', t('Only a reporting duty of this order with a single due date can be moved', 'Seule une reddition de comptes de cette ordonnance à échéance unique peut être reportée'));
      }
      if (dayNumber(command.newDueOn) < montrealDayNumber(s.terms.issuedAt)) {
        new Violations().add('newDueOn', 'notBeforeIssue', 'a due date cannot be before the order was issued', 'une échéance ne peut pas précéder la date de l’ordonnance').throwIfAny();
      }
      return [{ type: 'OrderAmended', occurredAt: command.at, data: { target: command.measureId ? { measureId: command.measureId } : { dutyId: command.dutyId }, newDueOn: command.newDueOn, reference: command.reference } }];
    }
    case 'LiftOrder':
      requireNotLifted(s);
      requirePastOrNow('liftedAt', command.liftedAt, s, command.at);
      return [{ type: 'OrderLifted', occurredAt: command.liftedAt, data: { liftedAt: command.liftedAt, reference: command.reference } }];
    case 'RecordPenaltyPayment': {
      const v = new Violations();
      if (!Number.isSafeInteger(command.amount.cents) || command.amount.cents <= 0) v.add('amountCents', 'positiveCents', 'must be a positive whole number of cents', 'doit être un nombre entier positif de cents');
      v.throwIfAny();
      requirePastOrNow('paidAt', command.paidAt, s, command.at);
      const owed = outstanding(s);
      if (command.amount.cents > owed.cents) {
        const shown = formatMoneyBoth(owed);
        throw DomainError.rule(
          'PAYMENT_EXCEEDS_OUTSTANDING',
          t(`The payment exceeds the outstanding penalty (${shown.en}, ${owed.cents} cents)`, `Le paiement dépasse la pénalité due (${shown.fr}, ${owed.cents} cents)`),
          { outstandingCents: owed.cents },
        );
      }
      return [{ type: 'PenaltyPaymentRecorded', occurredAt: command.paidAt, data: { amount: command.amount, paidAt: command.paidAt, reference: command.reference } }];
    }
    case 'CancelPenaltyPayment': {
      const v = new Violations();
      if (!command.reason.trim()) v.add('reason', 'notBlank', 'say why the payment is cancelled', 'indiquez pourquoi le paiement est annulé');
      v.throwIfAny();
      const payment = Number.isSafeInteger(command.payment) ? s.payments[command.payment - 1] : undefined;
      if (!payment) {
        throw DomainError.notFound('PAYMENT_NOT_FOUND', t(`The order has no payment ${command.payment} (it has ${s.payments.length})`, `L’ordonnance n’a pas de paiement ${command.payment} (elle en a ${s.payments.length})`));
      }
      if (payment.cancelled) throw DomainError.rule('PAYMENT_ALREADY_CANCELLED', t(`Payment ${command.payment} was already cancelled`, `Le paiement ${command.payment} a déjà été annulé`));
      return [{ type: 'PenaltyPaymentCancelled', occurredAt: command.at, data: { payment: command.payment, amount: payment.amount, reason: command.reason } }];
    }
    case 'RunPenaltyClock':
      return penaltyClock(s, command.at);
    default:
      return assertNever(command, 'command');
  }
}

function evolve(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === 'RegulatorOrderIssued') {
    const { orderId, ...terms } = event.data;
    return { status: 'issued', orderId, terms, recordedAt: event.recordedAt ?? null, completions: {}, reviews: {}, reports: {}, explicit: [], liftedAt: null, ledger: new Map(), payments: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CorrectiveMeasureCompleted': {
      const list = [...(state.completions[event.data.measureId] ?? []), { completedAt: event.data.completedAt, evidence: event.data.evidence }].sort((a, b) => (a.completedAt < b.completedAt ? -1 : 1));
      return { ...state, completions: { ...state.completions, [event.data.measureId]: list } };
    }
    case 'CorrectiveMeasureReviewed':
      return { ...state, reviews: { ...state.reviews, [event.data.measureId]: [...(state.reviews[event.data.measureId] ?? []), event.data] } };
    case 'ComplianceReportSubmitted':
      return { ...state, reports: { ...state.reports, [event.data.dutyId]: [...(state.reports[event.data.dutyId] ?? []), event.data.submittedAt] } };
    case 'NonComplianceRecorded':
      return { ...state, explicit: [...state.explicit, { kind: 'non_compliance', effectiveAt: event.data.effectiveAt }] };
    case 'ComplianceRestored':
      return { ...state, explicit: [...state.explicit, { kind: 'restored', effectiveAt: event.data.effectiveAt }] };
    case 'OrderAmended': {
      const { target, newDueOn } = event.data;
      const terms = {
        ...state.terms,
        measures: state.terms.measures.map((m) => (m.id === target.measureId ? { ...m, dueOn: newDueOn } : m)),
        reportingDuties: state.terms.reportingDuties.map((d) => (d.id === target.dutyId ? { ...d, dueOn: [newDueOn] } : d)),
      };
      return { ...state, terms };
    }
    case 'OrderLifted':
      return { ...state, status: 'lifted', liftedAt: event.data.liftedAt };
    case 'PenaltyPaymentRecorded':
      return { ...state, payments: [...state.payments, { ...event.data, cancelled: null }] };
    case 'PenaltyPaymentCancelled':
      return { ...state, payments: state.payments.map((p, i) => (i === event.data.payment - 1 ? { ...p, cancelled: { reason: event.data.reason, at: event.occurredAt } } : p)) };
    case 'DailyPenaltyAccrued': {
      // The ledger is mutated in place for speed (thousands of days per order); states are not shared across folds.
      const e = state.ledger.get(event.data.day) ?? { accrued: 0, reversed: 0, amount: event.data.amount };
      state.ledger.set(event.data.day, { ...e, accrued: e.accrued + 1, amount: event.data.amount });
      return state;
    }
    case 'PenaltyAccrualReversed': {
      const e = state.ledger.get(event.data.day);
      if (e) state.ledger.set(event.data.day, { ...e, reversed: e.reversed + 1 });
      return state;
    }
    default:
      return assertNever(event, 'event');
  }
}

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
