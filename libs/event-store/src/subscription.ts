import type { AllFilter, ReadAllPage, RecordedEvent, Subscription } from './types';

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
export class CatchUpSubscription implements Subscription {
  private closed = false;
  private pendingWait: { cancel: () => void } | null = null;
  private position: number;

  constructor(
    private readonly readAll: (after: number, maxCount: number, filter: AllFilter) => Promise<ReadAllPage>,
    private readonly signal: AppendSignal,
    private readonly options: CatchUpOptions,
  ) {
    this.position = options.after;
  }

  get lastPosition(): number {
    return this.position;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pendingWait?.cancel();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const pageSize = this.options.pageSize ?? 500;
    const pollMs = this.options.pollMs ?? 250;
    const filter: AllFilter = { eventTypes: this.options.eventTypes, streamPrefix: this.options.streamPrefix };
    let attempt = 0;
    try {
      while (!this.closed) {
        const generation = this.signal.generation;
        let page: ReadAllPage;
        try {
          page = await this.readAll(this.position, pageSize, filter);
          attempt = 0;
        } catch (error) {
          attempt++;
          this.options.onError?.(error, attempt);
          await this.sleep(Math.min(5000, 50 * 2 ** Math.min(attempt, 7)));
          continue;
        }
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

  private async sleep(ms: number): Promise<void> {
    if (this.closed) return;
    const w = this.signal.wait(ms);
    this.pendingWait = w;
    await w.promise;
    this.pendingWait = null;
  }
}
