import { EventStore, loadState, WrongExpectedRevisionError } from '@app/event-store';
import { randomUUID } from 'node:crypto';
import { IssuedOrder, orderDecider, OrderEvent, orderStream } from '../../domain/order';

export const PENALTY_CLOCK_ACTOR = 'system:penalty-clock';

export interface ClockRun {
  at: string;
  orders: number;
  accrued: number;
  reversed: number;
  conflicts: number;
}

/** Every order ever issued (or one organization’s), from the global log (filtered server-side by event type). */
export async function listOrderIds(store: EventStore, organizationId?: string): Promise<string[]> {
  const ids: string[] = [];
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, eventTypes: ['RegulatorOrderIssued'], maxCount: 1000 });
    for (const e of page.events) {
      const d = e.data as { orderId: string; organizationId: string };
      if (organizationId === undefined || d.organizationId === organizationId) ids.push(d.orderId);
    }
    after = page.nextAfter;
    if (page.isEnd) return ids;
  }
}

const CHUNK = 1000;

export interface OrderClockRun {
  accrued: number;
  reversed: number;
  conflicts: number;
  /** Where the run left the order's stream: its last revision and that event's global position (null when it appended nothing). */
  appended: { revision: number; position: number } | null;
}

/**
 * Brings one order's penalty ledger in line with the facts as of `at`. Safe to run
 * any number of times, from any number of processes: each accrual has a deterministic
 * id and is appended at the expected revision; a concurrent writer makes the append
 * fail (or return the already-stored result), and the order is decided again.
 */
export async function runPenaltyClockFor(store: EventStore, orderId: string, at: string, correlationId: string, causationId: string | null = null): Promise<OrderClockRun> {
  let conflicts = 0;
  for (let attempt = 0; attempt < 10; attempt++) {
    const { state, revision } = await loadState(store, orderStream(orderId), orderDecider);
    if (state.status === 'none') return { accrued: 0, reversed: 0, conflicts, appended: null };
    const events = orderDecider.decide({ type: 'RunPenaltyClock', at }, state as IssuedOrder);
    if (events.length === 0) return { accrued: 0, reversed: 0, conflicts, appended: null };
    try {
      let expected: number | 'no_stream' = revision;
      let position = 0;
      for (let i = 0; i < events.length; i += CHUNK) {
        const chunk: OrderEvent[] = events.slice(i, i + CHUNK);
        const r = await store.append(
          orderStream(orderId),
          chunk.map((e) => ({
            id: e.id!,
            type: e.type,
            data: e.data as unknown as Record<string, unknown>,
            metadata: { actor: PENALTY_CLOCK_ACTOR, correlationId, causationId, occurredAt: e.occurredAt },
          })),
          expected,
        );
        expected = r.nextExpectedRevision;
        position = r.position;
      }
      return {
        accrued: events.filter((e) => e.type === 'DailyPenaltyAccrued').length,
        reversed: events.filter((e) => e.type === 'PenaltyAccrualReversed').length,
        conflicts,
        appended: typeof expected === 'number' ? { revision: expected, position } : null,
      };
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError)) throw e;
      conflicts++;
    }
  }
  throw new Error(`penalty clock: order ${orderId} kept changing; giving up after 10 attempts`);
}

export async function runPenaltyClock(store: EventStore, at: Date): Promise<ClockRun> {
  const correlationId = `penalty-clock-${randomUUID()}`;
  const run: ClockRun = { at: at.toISOString(), orders: 0, accrued: 0, reversed: 0, conflicts: 0 };
  for (const id of await listOrderIds(store)) {
    const r = await runPenaltyClockFor(store, id, run.at, correlationId);
    run.orders++;
    run.accrued += r.accrued;
    run.reversed += r.reversed;
    run.conflicts += r.conflicts;
  }
  return run;
}
