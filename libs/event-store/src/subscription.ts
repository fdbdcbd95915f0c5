import type { AllFilter, HeadWatch, ReadAllPage, RecordedEvent, Subscription } from './types';

/** Wakes readers when something was appended. A generation counter closes the race between "read to the end" and "start waiting". */
export class AppendSignal {
  private waiters = new Set<() => void>();
  generation = 0;

  notify(): void {
    this.generation++;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves on the next notification, or after `timeoutMs` (the poll fallback for writers in other processes). */
  wait(timeoutMs: number): { promise: Promise<void>; cancel: () => void } {
    let done!: () => void;
    const promise = new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
    });
    return { promise, cancel: done };
  }
}

/** What a subscription and a head watch share: waiting for the append signal or the poll interval, and a close that ends the wait. */
abstract class SignalWaiter {
  protected closed = false;
  private pendingWait: { cancel: () => void } | null = null;

  constructor(protected readonly signal: AppendSignal) {}

  async close(): Promise<void> {
    this.closed = true;
    this.pendingWait?.cancel();
  }

  /** `read`, retried with backoff while it fails (a dropped connection); undefined once closed. */
  protected async retried<T>(read: () => Promise<T>, onError?: (error: unknown, attempt: number) => void): Promise<T | undefined> {
    for (let attempt = 1; !this.closed; attempt++) {
      try {
        return await read();
      } catch (error) {
        onError?.(error, attempt);
        await this.sleep(Math.min(5000, 50 * 2 ** Math.min(attempt, 7)));
      }
    }
    return undefined;
  }

  protected async sleep(ms: number): Promise<void> {
    if (this.closed) return;
    const w = this.signal.wait(ms);
    this.pendingWait = w;
    await w.promise;
    this.pendingWait = null;
  }
}

export interface CatchUpOptions extends AllFilter {
  after: number;
  pageSize?: number;
  /** Poll interval when no notification arrives (writers in other processes). */
  pollMs?: number;
  onError?: (error: unknown, attempt: number) => void;
}

/**
 * Catch-up then live over any `readAll`: reads pages after the last delivered position
 * until the end, then waits for an append signal (or the poll interval) and reads again.
 * Delivery is strictly by increasing position, so there is no duplicate; the adapters'
 * `readAll` never returns a position while an earlier one may still commit, so there is
 * no gap. A failed read (a dropped connection) is retried with backoff from the last
 * delivered position.
 */
export class CatchUpSubscription extends SignalWaiter implements Subscription {
  private position: number;

  constructor(
    private readonly readAll: (after: number, maxCount: number, filter: AllFilter) => Promise<ReadAllPage>,
    signal: AppendSignal,
    private readonly options: CatchUpOptions,
  ) {
    super(signal);
    this.position = options.after;
  }

  get lastPosition(): number {
    return this.position;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const pageSize = this.options.pageSize ?? 500;
    const pollMs = this.options.pollMs ?? 250;
    const filter: AllFilter = { eventTypes: this.options.eventTypes, streamPrefix: this.options.streamPrefix };
    try {
      while (!this.closed) {
        const generation = this.signal.generation;
        const page = await this.retried(() => this.readAll(this.position, pageSize, filter), this.options.onError);
        if (!page) return;
        for (const event of page.events) {
          if (this.closed) return;
          if (event.position <= this.position) continue;
          this.position = event.position;
          yield event;
        }
        // Filtered pages may return nothing yet move the cursor forward.
        if (page.nextAfter > this.position) this.position = page.nextAfter;
        if (page.isEnd && this.signal.generation === generation) await this.sleep(pollMs);
      }
    } finally {
      this.closed = true;
    }
  }
}

/**
 * `EventStore.watchHead` over a store's head query and its append signal: reads the head
 * after every signal (or the poll interval, for writers in other processes) and yields it
 * when it has grown. A failed read is retried with backoff, like a subscription's.
 */
export class HeadWatcher extends SignalWaiter implements HeadWatch {
  constructor(
    private readonly head: () => Promise<number>,
    signal: AppendSignal,
    private readonly options: { after?: number; pollMs: number; onError?: (error: unknown, attempt: number) => void },
  ) {
    super(signal);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<number> {
    let last = this.options.after;
    try {
      while (!this.closed) {
        const generation = this.signal.generation;
        const head = await this.retried(this.head, this.options.onError);
        if (head === undefined || this.closed) return;
        if (last === undefined) last = head;
        else if (head > last) {
          last = head;
          yield head;
        }
        if (this.signal.generation === generation) await this.sleep(this.options.pollMs);
      }
    } finally {
      this.closed = true;
    }
  }
}
