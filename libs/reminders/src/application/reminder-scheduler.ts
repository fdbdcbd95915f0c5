import { EventStore, WrongExpectedRevisionError } from '@app/event-store';
import { deterministicUuid, Money } from '@app/kernel';
import { orderStream } from '@app/orders';
import { DEFAULT_REMINDER_SETTINGS, ReminderSettings } from '@app/organizations';
import { incidentsProjection, liveDocs, ordersProjection, organizationsProjection, ReadModelDb } from '@app/projections';
import type { RuleBook } from '@app/rules';
import { incidentDeadlines, orderReminders, PenaltyDayDigest, Reminder, remindersDue, StandingAccruals } from '../domain/reminders';

/** The reminder stream's event type. */
export const REMINDER_EVENT_TYPES = ['ReminderDue'];
export const reminderStream = (reminderId: string) => `reminder-${reminderId}`;

/** How many reminder ids a scheduler remembers as recorded (about 100 bytes each). */
const SEEN_BOUND = 100_000;

export interface ReminderRun {
  at: string;
  /** Deadlines looked at. */
  watched: number;
  /** Reminders recorded by this run (each then delivered by the outbox). */
  recorded: number;
  /** Reminders owed that were already recorded (earlier run, other process, before a restart). */
  alreadyRecorded: number;
  penaltyAccrualsScanned: number;
  /** Set when the pass did not run, and why. */
  skipped?: string;
}

/**
 * Records the reminders owed: deadline reminders from the read models (judged at `now`; what
 * was already overdue when an order was recorded in one, see orderReminders), and those of
 * the accrued penalty days from the log (read from a checkpoint: one per
 * recent day, an order's older days summed up in one). Each reminder
 * is appended to its own stream with "no stream" expected: a second attempt, here or in
 * another process, after a restart or a rebuild of the read models, is refused by the
 * store, so nothing is ever sent twice.
 */
export class ReminderScheduler {
  /**
   * Reminders this process has seen in the store (recorded by it, or found already there):
   * a pass skips them without asking the store again. Their ids are deterministic, so a
   * reminder still owed is the same id at every pass: an order's hundreds of overdue
   * reports, or an organization's overdue obligations, were one append each, one after
   * the other, every pass. Bounded: past the bound it starts again from the store.
   */
  private readonly seen = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    private readonly book: RuleBook,
  ) {}

  private async settingsByOrg(): Promise<Map<string, ReminderSettings>> {
    const orgs = await liveDocs(this.db, organizationsProjection);
    return new Map(orgs.map((o) => [o.organizationId, o.reminders ?? DEFAULT_REMINDER_SETTINGS]));
  }

  async run(now: Date): Promise<ReminderRun> {
    const settings = await this.settingsByOrg();
    const run: ReminderRun = { at: now.toISOString(), watched: 0, recorded: 0, alreadyRecorded: 0, penaltyAccrualsScanned: 0 };
    for (const [org, s] of settings) {
      if (!s.enabled) continue;
      const [incidents, orders] = await Promise.all([
        liveDocs(this.db, incidentsProjection, { org, status: ['open', 'contained'] }),
        liveDocs(this.db, ordersProjection, { org, status: ['issued'] }),
      ]);
      const deadlines = incidentDeadlines(incidents, this.book, now);
      const ofOrders = orderReminders(orders, s, now);
      run.watched += deadlines.length + ofOrders.watched;
      for (const r of [...remindersDue(deadlines, s, now), ...ofOrders.reminders]) await this.record(r, now, run);
    }
    await this.scanPenaltyDays(now, settings, run);
    return run;
  }

  private async checkpoint(): Promise<number> {
    await this.db.run('CREATE TABLE IF NOT EXISTS reminder_state (name TEXT PRIMARY KEY, position BIGINT NOT NULL)');
    const rows = await this.db.all<{ position: number | string }>("SELECT position FROM reminder_state WHERE name = 'penalty_days'");
    return Number(rows[0]?.position ?? 0);
  }

  /**
   * Reads the penalty days accrued since the checkpoint and records their reminders (see
   * PenaltyDayDigest), then moves the checkpoint. A pass that stops before the end records
   * nothing it would not record again, with the same ids, from the same checkpoint.
   */
  private async scanPenaltyDays(now: Date, settings: Map<string, ReminderSettings>, run: ReminderRun): Promise<void> {
    let after = await this.checkpoint();
    const orders = new Map<string, { organizationId: string; reference: string } | null>();
    const read = new StandingAccruals();
    for (;;) {
      const page = await this.store.readAll({ after, eventTypes: ['DailyPenaltyAccrued', 'PenaltyAccrualReversed'], maxCount: 500 });
      for (const e of page.events) {
        const d = e.data as { orderId: string; day: string; amount: Money; missedDuties: string[] };
        if (e.type === 'PenaltyAccrualReversed') {
          read.reversed(d.orderId, d.day);
          continue;
        }
        run.penaltyAccrualsScanned++;
        if (!orders.has(d.orderId)) orders.set(d.orderId, await this.orderInfo(d.orderId));
        const order = orders.get(d.orderId);
        if (!order) continue;
        read.accrued({ accrualEventId: e.id, orderId: d.orderId, organizationId: order.organizationId, orderReference: order.reference, day: d.day, amount: d.amount, missedDuties: d.missedDuties });
      }
      after = page.nextAfter;
      if (page.isEnd) break;
    }
    const digest = new PenaltyDayDigest(now);
    for (const a of read.remaining()) digest.add(a);
    for (const { reminder, causationId } of digest.reminders((org) => settings.get(org) ?? DEFAULT_REMINDER_SETTINGS)) await this.record(reminder, now, run, causationId);
    await this.db.run(
      "INSERT INTO reminder_state (name, position) VALUES ('penalty_days', ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
      [after],
    );
  }

  /** The order's organization and reference, from its first event (the log, not a read model that may lag). */
  private async orderInfo(orderId: string): Promise<{ organizationId: string; reference: string } | null> {
    const [first] = await this.store.readStream(orderStream(orderId), { maxCount: 1 });
    if (!first || first.type !== 'RegulatorOrderIssued') return null;
    const t = first.data as { organizationId: string; reference: string };
    return { organizationId: t.organizationId, reference: t.reference };
  }

  /** Appends one reminder to its own stream ("no stream" expected); `causationId`: the event that made it due, if one did. */
  private async record(r: Reminder, now: Date, run: ReminderRun, causationId?: string): Promise<void> {
    if (this.seen.has(r.reminderId)) {
      run.alreadyRecorded++;
      return;
    }
    try {
      const written = await this.store.append(
        reminderStream(r.reminderId),
        [
          {
            id: deterministicUuid('vigie:reminder:event', r.reminderId),
            type: 'ReminderDue',
            data: r as unknown as Record<string, unknown>,
            metadata: { actor: 'system:reminders', correlationId: r.reminderId, ...(causationId ? { causationId } : {}), occurredAt: now.toISOString() },
          },
        ],
        'no_stream',
      );
      // The same event id again is an idempotent no-op for the store: already recorded.
      if (written.idempotent) run.alreadyRecorded++;
      else run.recorded++;
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError)) throw e;
      run.alreadyRecorded++;
    }
    if (this.seen.size >= SEEN_BOUND) this.seen.clear();
    this.seen.add(r.reminderId);
  }
}
