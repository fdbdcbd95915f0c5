import type { CommandContext, Decided, EventStore } from '@app/event-store';
import type { OrderCommandResult } from '../record-order-fact/record-order-fact.command';
import { runPenaltyClockFor } from './run-penalty-clock';

/**
 * After a command on an order, the order's penalty ledger is brought in line with the facts
 * as of `at`: an order recorded after a due date it had already missed, a non-compliance or
 * a compliance dated in the past, an amended due date, accrue or reverse their whole days
 * at once, so the exposure, the ledger and its exports say what is owed as soon as the
 * command is answered, not after the clock's next nightly run. The accruals are the clock's
 * own events (actor `system:penalty-clock`, deterministic ids), caused by the command and
 * carrying its correlation id; any process may run this (see `runPenaltyClockFor`).
 *
 * The command's events are already stored when this runs: a failure here does not undo the
 * command. It is logged as a warning, the answer then gives the command's own revision,
 * and the clock's next run (at start, nightly, or on demand) catches up.
 */
export async function settleLedgerAfterCommand(
  store: EventStore,
  orderId: string,
  decided: Decided<unknown>,
  at: string,
  context: CommandContext,
  log: { warn: (message: string) => void },
): Promise<OrderCommandResult> {
  const own: OrderCommandResult = { id: orderId, revision: decided.revision, position: decided.position };
  if (decided.events.length === 0) return own;
  try {
    const run = await runPenaltyClockFor(store, orderId, at, context.correlationId, context.causationId ?? null);
    return run.appended ? { id: orderId, revision: run.appended.revision, position: run.appended.position } : own;
  } catch (error) {
    log.warn(`order ${orderId}: its penalty ledger is left to the clock's next run: ${error instanceof Error ? error.message : String(error)}`);
    return own;
  }
}
