import { obligationsOf, OpenIncident } from '@app/incidents';
import { addMoney, Bilingual, deterministicUuid, endOfMontrealDay, formatCountBoth, formatMoneyBoth, formatDayFor, formatMontreal, Money } from '@app/kernel';
import { describeDuties, groupMissedDuties, IssuedOrder, MAX_DUTIES_NAMED, OrderDeadline, orderDeadlines } from '@app/orders';
import type { ReminderSettings } from '@app/organizations';
import type { Obligation, RuleBook } from '@app/rules';

/**
 * Reminders, as pure functions of the facts, the organization's settings and the time
 * (passed in as data). A reminder's id is derived from what it is about (trigger,
 * subject, deadline): recording it at a stream named after that id, with "no stream"
 * as the expected revision, is what makes it impossible to send twice, whatever
 * restarts, rebuilds or concurrent schedulers do.
 */
export type ReminderTrigger = 'due_soon' | 'overdue' | 'penalty_day';

/** A deadline Vigie watches: an incident's obligation, an order's corrective measure or one of its reports. */
export interface WatchedDeadline {
  /** Stable subject key, e.g. `incident:<id>:obligation:<obligationId>`. */
  key: string;
  organizationId: string;
  /** When the time allowed starts (the fact the deadline runs from). */
  startsAt: string;
  dueAt: string;
  /** For an order's deadline: the last calendar day allowed, as the order states it (dueAt is the end of it). */
  dueOn?: string;
  title: Bilingual;
  incidentId?: string;
  orderId?: string;
  obligationId?: string;
  duty?: string;
}

export interface Reminder {
  reminderId: string;
  organizationId: string;
  /** The webhook kind it is delivered under. */
  kind: 'reminder';
  trigger: ReminderTrigger;
  /**
   * For penalty days: `day`, or for a catch-up summed up in one reminder, `from`, `to` (= `day`) and how many `days`.
   * For what was already overdue when an order was recorded: the first and last due days, `from` and `to`, and how many `measures` and `reports`.
   */
  subject: { key: string; incidentId?: string; orderId?: string; obligationId?: string; duty?: string; day?: string; from?: string; to?: string; days?: number; measures?: number; reports?: number };
  title: Bilingual;
  message: Bilingual;
  dueAt: string | null;
  /** The moment the reminder became due: the threshold, the deadline, or the end of the penalty day. */
  triggeredAt: string;
  /** For due-soon reminders: the share of the time elapsed that triggers it. */
  percent: number | null;
  amount: Money | null;
}

const reminderId = (trigger: ReminderTrigger, key: string, discriminator: string) => deterministicUuid('vigie:reminder', `${trigger}|${key}|${discriminator}`);

const when = (iso: string) => ({ fr: formatMontreal(new Date(iso), 'fr'), en: formatMontreal(new Date(iso), 'en') });
/** A deadline as people read it: an order's last day ("the end of 31 Oct."), an obligation's instant. */
const dueWords = (d: WatchedDeadline) => {
  if (!d.dueOn) {
    const at = when(d.dueAt);
    return { overdueSince: { en: `since ${at.en}`, fr: `depuis le ${at.fr}` }, due: { en: at.en, fr: `le ${at.fr}` } };
  }
  const day = { en: formatDayFor(d.dueOn, 'en'), fr: formatDayFor(d.dueOn, 'fr') };
  return { overdueSince: { en: `since the end of ${day.en}`, fr: `depuis la fin de la journée du ${day.fr}` }, due: { en: `${day.en} (end of day)`, fr: `le ${day.fr} (fin de la journée)` } };
};

/** Where an obligation's time starts: the fact it runs from (or the previous report, for follow-ups). */
function startOf(o: Obligation): string {
  const facts = o.lineage.facts as Record<string, unknown>;
  const from = o.deadline ? facts[o.deadline.from] : undefined;
  const candidate = typeof from === 'string' ? from : typeof facts.previousReportAt === 'string' ? facts.previousReportAt : null;
  return candidate ? new Date(candidate).toISOString() : new Date(new Date(o.dueAt!).getTime() - o.deadline!.hours * 3_600_000).toISOString();
}

/** The unmet deadlines of open incidents: obligations that are open or overdue (not met, waived or deferred). */
export function incidentDeadlines(incidents: OpenIncident[], book: RuleBook, asOf: Date): WatchedDeadline[] {
  const out: WatchedDeadline[] = [];
  for (const i of incidents) {
    if (i.status === 'closed') continue;
    for (const o of obligationsOf(i, book, asOf)) {
      if ((o.status !== 'open' && o.status !== 'overdue') || !o.dueAt || !o.deadline || o.deferred) continue;
      out.push({
        key: `incident:${i.incidentId}:obligation:${o.id}`,
        organizationId: i.organization.id,
        startsAt: startOf(o),
        dueAt: o.dueAt,
        title: { en: `${o.title.en} (incident “${i.facts.title}”)`, fr: `${o.title.fr} (incident « ${i.facts.title} »)` },
        incidentId: i.incidentId,
        obligationId: o.id,
      });
    }
  }
  return out;
}

/** The instant `percent` % of a deadline's time has elapsed (to the millisecond, rounded up). */
export function thresholdAt(d: Pick<WatchedDeadline, 'startsAt' | 'dueAt'>, percent: number): string {
  const start = new Date(d.startsAt).getTime();
  const due = new Date(d.dueAt).getTime();
  return new Date(start + Math.ceil(((due - start) * percent) / 100)).toISOString();
}

const subjectOf = (d: WatchedDeadline) => ({
  key: d.key,
  ...(d.incidentId ? { incidentId: d.incidentId } : {}),
  ...(d.orderId ? { orderId: d.orderId } : {}),
  ...(d.obligationId ? { obligationId: d.obligationId } : {}),
  ...(d.duty ? { duty: d.duty } : {}),
});

/**
 * The reminders owed at `asOf` for these deadlines. Overdue: the deadline has passed.
 * Due soon: the set share of its time has elapsed and it has not passed yet (once a
 * deadline is missed, only the overdue reminder is owed: a late "due soon" helps no one).
 */
export function remindersDue(deadlines: WatchedDeadline[], settings: ReminderSettings, asOf: Date): Reminder[] {
  if (!settings.enabled) return [];
  const now = asOf.toISOString();
  const out: Reminder[] = [];
  for (const d of deadlines) {
    const due = new Date(d.dueAt).toISOString();
    if (now >= due) {
      if (!settings.onOverdue) continue;
      const words = dueWords(d);
      out.push({
        reminderId: reminderId('overdue', d.key, due),
        organizationId: d.organizationId,
        kind: 'reminder',
        trigger: 'overdue',
        subject: subjectOf(d),
        title: d.title,
        message: { en: `Overdue ${words.overdueSince.en}: ${d.title.en}`, fr: `En retard ${words.overdueSince.fr} : ${d.title.fr}` },
        dueAt: due,
        triggeredAt: due,
        percent: null,
        amount: null,
      });
      continue;
    }
    const threshold = thresholdAt(d, settings.dueSoonAtPercent);
    if (!settings.onDueSoon || now < threshold) continue;
    const words = dueWords(d);
    out.push({
      reminderId: reminderId('due_soon', d.key, due),
      organizationId: d.organizationId,
      kind: 'reminder',
      trigger: 'due_soon',
      subject: subjectOf(d),
      title: d.title,
      message: {
        en: `${settings.dueSoonAtPercent} % of the time has elapsed; due ${words.due.en}: ${d.title.en}`,
        fr: `${settings.dueSoonAtPercent} % du délai est écoulé; échéance ${words.due.fr} : ${d.title.fr}`,
      },
      dueAt: due,
      triggeredAt: threshold,
      percent: settings.dueSoonAtPercent,
      amount: null,
    });
  }
  return out;
}

/**
 * The reminders owed at `asOf` for orders in force. What was already overdue when Vigie
 * recorded an order (one issued in 2021 and recorded in 2026 with a monthly report has
 * missed 70 of them) is owed in one reminder that counts it, not one reminder each: at the
 * limit of 1,000 reports a year, an order recorded years late would be tens of thousands of
 * reminders and webhooks at its first pass. In it: the reports due by then, and the
 * corrective measures when more than MAX_DUTIES_NAMED were due by then (fewer keep one
 * reminder each, which says what each measure is). It counts those still outstanding when it
 * is recorded (the first pass after the order's). The moment an order was recorded does not
 * change, so it is the same reminder, with the same id, at every pass; what falls due after
 * it gets its own. A product choice, not law.
 */
export function orderReminders(orders: IssuedOrder[], settings: ReminderSettings, asOf: Date): { reminders: Reminder[]; watched: number } {
  const deadlines = orderDeadlines(orders, asOf);
  const catchUp = new Map<string, { recordedAt: string; countMeasures: boolean; late: OrderDeadline[] }>();
  for (const o of orders) {
    if (!o.recordedAt) continue;
    const recordedAt = new Date(o.recordedAt).toISOString();
    const measuresDue = o.terms.measures.filter((m) => endOfMontrealDay(m.dueOn).toISOString() <= recordedAt).length;
    catchUp.set(o.orderId, { recordedAt, countMeasures: measuresDue > MAX_DUTIES_NAMED, late: [] });
  }
  const each: WatchedDeadline[] = [];
  for (const d of deadlines) {
    const c = catchUp.get(d.orderId);
    if (c && d.dueAt <= c.recordedAt && (d.duty.startsWith('report:') || c.countMeasures)) c.late.push(d);
    else each.push(d);
  }
  const summaries: Reminder[] = [];
  if (settings.enabled && settings.onOverdue) for (const [orderId, c] of catchUp) if (c.late.length) summaries.push(overdueWhenRecorded(orderId, c.late, c.recordedAt));
  return { reminders: [...summaries, ...remindersDue(each, settings, asOf)], watched: deadlines.length };
}

const countOf = (n: number, one: Bilingual, many: Bilingual): Bilingual => {
  const count = formatCountBoth(n);
  return n === 1 ? { en: `1 ${one.en}`, fr: `1 ${one.fr}` } : { en: `${count.en} ${many.en}`, fr: `${count.fr} ${many.fr}` };
};

function overdueWhenRecorded(orderId: string, late: OrderDeadline[], recordedAt: string): Reminder {
  const first = late[0];
  const ref = first.reference;
  const days = late.map((d) => d.dueOn).sort();
  const [from, to] = [days[0], days[days.length - 1]];
  const key = `order:${orderId}:overdue-when-recorded`;
  const reports = late.filter((d) => d.duty.startsWith('report:')).length;
  const measures = late.length - reports;
  const parts = [
    ...(measures ? [countOf(measures, { en: 'corrective measure', fr: 'mesure corrective' }, { en: 'corrective measures', fr: 'mesures correctives' })] : []),
    ...(reports ? [countOf(reports, { en: 'report', fr: 'rapport' }, { en: 'reports', fr: 'rapports' })] : []),
  ];
  const what = { en: parts.map((p) => p.en).join(' and '), fr: parts.map((p) => p.fr).join(' et ') };
  const span =
    from === to
      ? { en: `due ${formatDayFor(from, 'en')}`, fr: `échéance le ${formatDayFor(from, 'fr')}` }
      : { en: `due ${formatDayFor(from, 'en')} to ${formatDayFor(to, 'en')}`, fr: `échéances du ${formatDayFor(from, 'fr')} au ${formatDayFor(to, 'fr')}` };
  const at = when(recordedAt);
  const missed = describeDuties(groupMissedDuties(late.map((d) => d.duty)));
  return {
    reminderId: reminderId('overdue', key, recordedAt),
    organizationId: first.organizationId,
    kind: 'reminder',
    trigger: 'overdue',
    subject: { key, orderId, from, to, ...(measures ? { measures } : {}), ...(reports ? { reports } : {}) },
    title: { en: `${what.en} already overdue when the order was recorded (order ${ref})`, fr: `${what.fr} déjà en retard à l’inscription de l’ordonnance (ordonnance ${ref})` },
    message: {
      en: `${what.en}, ${span.en}, already overdue when the order was recorded on ${at.en}, still outstanding (order ${ref}): ${missed.en}`,
      fr: `${what.fr}, ${span.fr}, déjà en retard à l’inscription de l’ordonnance le ${at.fr}, toujours en souffrance (ordonnance ${ref}) : ${missed.fr}`,
    },
    dueAt: endOfMontrealDay(to).toISOString(),
    triggeredAt: recordedAt,
    percent: null,
    amount: null,
  };
}

export interface PenaltyAccrual {
  /** The DailyPenaltyAccrued event's id: a day reversed then accrued again is a new accrual, and a new reminder. */
  accrualEventId: string;
  orderId: string;
  organizationId: string;
  orderReference: string | null;
  day: string;
  amount: Money;
  missedDuties: string[];
}

/** The reminder owed for one accrued penalty day, or null when the organization does not want it. */
export function penaltyDayReminder(a: PenaltyAccrual, settings: ReminderSettings): Reminder | null {
  if (!settings.enabled || !settings.onPenaltyDay) return null;
  const amount = formatMoneyBoth(a.amount);
  const ref = a.orderReference ?? a.orderId;
  const key = `order:${a.orderId}:penalty:${a.day}`;
  return {
    reminderId: reminderId('penalty_day', key, a.accrualEventId),
    organizationId: a.organizationId,
    kind: 'reminder',
    trigger: 'penalty_day',
    subject: { key, orderId: a.orderId, day: a.day },
    title: { en: `Penalty day ${a.day} (order ${ref})`, fr: `Jour de pénalité ${a.day} (ordonnance ${ref})` },
    message: {
      en: `A penalty of ${amount.en} accrued for ${a.day} (order ${ref}; missed: ${describeDuties(a.missedDuties).en})`,
      fr: `Une pénalité de ${amount.fr} s’est ajoutée pour le ${a.day} (ordonnance ${ref}; manquements : ${describeDuties(a.missedDuties).fr})`,
    },
    dueAt: null,
    triggeredAt: endOfMontrealDay(a.day).toISOString(),
    percent: null,
    amount: a.amount,
  };
}

/**
 * Penalty days that ended more than this many days before a pass are a catch-up (an order
 * recorded after its due dates, a non-compliance dated back, a clock that was stopped):
 * each order's are summed up in one reminder instead of one per day, which for an order
 * missed since 2021 would be two thousand reminders and webhooks at once. A product
 * default, not law.
 */
export const PENALTY_CATCH_UP_AFTER_DAYS = 7;

interface CatchUp {
  first: PenaltyAccrual;
  last: PenaltyAccrual;
  days: number;
  total: Money;
  missedDuties: Set<string>;
}

/**
 * The reminders owed for the penalty days one pass reads from the log, in log order: one per
 * recent day (see `penaltyDayReminder`); an order's older days, when there are several,
 * in one reminder with their number, their span and their total. Deterministic: the same
 * accruals give the same reminders, with the same ids, in any pass.
 */
export class PenaltyDayDigest {
  private readonly recent: PenaltyAccrual[] = [];
  private readonly catchUps = new Map<string, CatchUp>();
  private readonly recentFrom: number;

  constructor(now: Date) {
    this.recentFrom = now.getTime() - PENALTY_CATCH_UP_AFTER_DAYS * 86_400_000;
  }

  add(a: PenaltyAccrual): void {
    if (endOfMontrealDay(a.day).getTime() >= this.recentFrom) {
      this.recent.push(a);
      return;
    }
    const c = this.catchUps.get(a.orderId);
    if (!c) {
      this.catchUps.set(a.orderId, { first: a, last: a, days: 1, total: a.amount, missedDuties: new Set(a.missedDuties) });
      return;
    }
    c.last = a;
    c.days++;
    c.total = addMoney(c.total, a.amount);
    for (const d of a.missedDuties) c.missedDuties.add(d);
  }

  /** Each reminder with the accrual that made it due (a catch-up's: its last day's). */
  reminders(settingsOf: (organizationId: string) => ReminderSettings): { reminder: Reminder; causationId: string }[] {
    const out: { reminder: Reminder; causationId: string }[] = [];
    for (const c of this.catchUps.values()) {
      const r = c.days === 1 ? penaltyDayReminder(c.first, settingsOf(c.first.organizationId)) : catchUpReminder(c, settingsOf(c.first.organizationId));
      if (r) out.push({ reminder: r, causationId: c.last.accrualEventId });
    }
    for (const a of this.recent) {
      const r = penaltyDayReminder(a, settingsOf(a.organizationId));
      if (r) out.push({ reminder: r, causationId: a.accrualEventId });
    }
    return out;
  }
}

/**
 * The accruals one pass reads, less those reversed further on in the same read: a penalty
 * day accrued and reversed between two passes (a compliance dated back right after the
 * clock ran) was never owed, and is not announced. A reversal cancels its day's earliest
 * accrual still standing, as the ledger counts them; one that finds none in this read
 * cancels a day announced by an earlier pass, which stays as it was sent.
 */
export class StandingAccruals {
  private readonly read: (PenaltyAccrual | null)[] = [];
  private readonly standing = new Map<string, number[]>();

  accrued(a: PenaltyAccrual): void {
    const key = `${a.orderId}|${a.day}`;
    const slots = this.standing.get(key) ?? [];
    slots.push(this.read.length);
    this.standing.set(key, slots);
    this.read.push(a);
  }

  reversed(orderId: string, day: string): void {
    const slot = this.standing.get(`${orderId}|${day}`)?.shift();
    if (slot !== undefined) this.read[slot] = null;
  }

  /** The accruals still standing, in the order they were read. */
  remaining(): PenaltyAccrual[] {
    return this.read.filter((a): a is PenaltyAccrual => a !== null);
  }
}

function catchUpReminder(c: CatchUp, settings: ReminderSettings): Reminder | null {
  if (!settings.enabled || !settings.onPenaltyDay) return null;
  const { first, last } = c;
  const [from, to] = first.day <= last.day ? [first.day, last.day] : [last.day, first.day];
  const ref = first.orderReference ?? first.orderId;
  const key = `order:${first.orderId}:penalty:${from}..${to}`;
  const total = formatMoneyBoth(c.total);
  const n = formatCountBoth(c.days);
  const missed = describeDuties(groupMissedDuties(c.missedDuties));
  return {
    reminderId: reminderId('penalty_day', key, `${first.accrualEventId}|${last.accrualEventId}|${c.days}`),
    organizationId: first.organizationId,
    kind: 'reminder',
    trigger: 'penalty_day',
    subject: { key, orderId: first.orderId, day: to, from, to, days: c.days },
    title: { en: `Penalty days ${from} to ${to}: ${n.en} days (order ${ref})`, fr: `Jours de pénalité du ${from} au ${to} : ${n.fr} jours (ordonnance ${ref})` },
    message: {
      en: `${n.en} penalty days accrued at once, ${from} to ${to}: ${total.en} in all (order ${ref}; missed: ${missed.en})`,
      fr: `${n.fr} jours de pénalité se sont ajoutés d’un coup, du ${from} au ${to} : ${total.fr} en tout (ordonnance ${ref}; manquements : ${missed.fr})`,
    },
    dueAt: null,
    triggeredAt: endOfMontrealDay(to).toISOString(),
    percent: null,
    amount: c.total,
  };
}
