import { EVENT_STORE, EventStore } from '@app/event-store';
import { Clock, CLOCK } from '@app/kernel';
import { PROJECTION_RUNNER, ProjectionRunner, READ_MODEL_DB, ReadModelDb } from '@app/projections';
import { ReminderRun, ReminderScheduler } from '@app/reminders';
import { RULE_BOOK, RuleBook } from '@app/rules';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';

/**
 * Runs the reminder pass every REMINDER_INTERVAL_SECONDS (and on demand). Before judging
 * deadlines it waits for the read models to reach the log's head, so a fact just
 * recorded (an obligation met) is seen and no stale reminder goes out.
 */
@Injectable()
export class ReminderService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private readonly scheduler: ReminderScheduler;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReminderRun> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(RULE_BOOK) book: RuleBook,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.scheduler = new ReminderScheduler(store, db, book);
  }

  onApplicationBootstrap(): void {
    if (!this.config.REMINDERS_ENABLED) return;
    this.timer = setInterval(() => void this.run().catch((e) => this.logger.error(e instanceof Error ? e.message : String(e))), this.config.REMINDER_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass at a time in this process; other processes are safe through the store. */
  run(): Promise<ReminderRun> {
    this.running ??= (async () => {
      const now = this.clock.now();
      if (!(await this.runner.waitFor(await this.store.headPosition(), 10_000))) {
        // Judging deadlines on stale read models could remind of an obligation already met: wait for the next pass.
        this.logger.warn('read models behind the log: reminder pass skipped');
        return { at: now.toISOString(), watched: 0, recorded: 0, alreadyRecorded: 0, penaltyAccrualsScanned: 0, skipped: 'read models behind the log' };
      }
      const r = await this.scheduler.run(now);
      if (r.recorded) this.logger.log(`recorded=${r.recorded} alreadyRecorded=${r.alreadyRecorded} watched=${r.watched}`);
      return r;
    })().finally(() => (this.running = null));
    return this.running;
  }
}
