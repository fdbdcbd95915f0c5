/**
 * Gives the event loop a turn (timers, I/O, other requests) before long work goes on. A
 * macrotask: awaiting a resolved promise (a microtask) lets nothing else run.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The work long tasks do between two turns they give the event loop, in ms: a fifth of
 * the product's target for the longest stall (100 ms), so that a step overrunning it, or
 * a GC pause, still leaves room.
 */
export const TURN_BUDGET_MS = 20;

/**
 * Turns given by time, not by count: long work asks `due()` between its steps and is
 * given a turn once `budgetMs` of work has run since the last one (a count of steps holds
 * the loop longer on a slower host, or with larger steps). Workers that share one taker
 * share its turns: whoever asks after the budget is spent waits for the same turn, so
 * several loops resumed together cannot add their slices up into one long stall.
 * `now` is a monotonic clock in milliseconds (scheduling, not business time).
 */
export class TurnTaker {
  private last: number;
  private pending: Promise<void> | null = null;

  constructor(
    readonly budgetMs: number = TURN_BUDGET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.last = now();
  }

  /** A turn to await when the budget is spent; undefined while it is not (go on). */
  due(): Promise<void> | undefined {
    if (this.pending) return this.pending;
    if (this.now() - this.last < this.budgetMs) return undefined;
    this.pending = nextTurn().then(() => {
      this.pending = null;
      this.last = this.now();
    });
    return this.pending;
  }
}
