import { EVENT_STORE, EventStore } from '@app/event-store';
import { Clock, CLOCK, MONTREAL } from '@app/kernel';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ClockRun, runPenaltyClock } from './run-penalty-clock';

export const PENALTY_CLOCK_OPTIONS = Symbol('PENALTY_CLOCK_OPTIONS');

/** Runs the clock at start and a few minutes after each Montreal midnight; also on demand (CLI, REST). */
@Injectable()
export class PenaltyClockService implements OnApplicationBootstrap {
  private readonly logger = new Logger('PenaltyClock');
  private running: Promise<ClockRun> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PENALTY_CLOCK_OPTIONS) private readonly options: { enabled: boolean },
  ) {}

  /** At start, in the background: catching up years of days must not delay readiness. */
  onApplicationBootstrap(): void {
    if (this.options.enabled) void this.run().catch((e) => this.logger.error(e instanceof Error ? e.message : String(e)));
  }

  @Cron('0 5 0 * * *', { name: 'penalty-clock', timeZone: MONTREAL })
  async nightly(): Promise<void> {
    if (this.options.enabled) await this.run();
  }

  /** One run at a time in this process; other processes are safe through the store. */
  run(): Promise<ClockRun> {
    this.running ??= runPenaltyClock(this.store, this.clock.now())
      .then((r) => {
        this.logger.log(`orders=${r.orders} accrued=${r.accrued} reversed=${r.reversed} conflicts=${r.conflicts}`);
        return r;
      })
      .finally(() => (this.running = null));
    return this.running;
  }
}
