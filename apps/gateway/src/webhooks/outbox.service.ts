import { OutboxWorker, WebhookRegistry } from '@app/delivery';
import { EVENT_STORE, EventStore, Subscription } from '@app/event-store';
import { Clock, CLOCK, MONTREAL } from '@app/kernel';
import { liveDocs, organizationsProjection, READ_MODEL_DB, ReadModelDb } from '@app/projections';
import { SNAPSHOT_KINDS, SnapshotKind, SnapshotsService } from '@app/snapshots';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '../config/config';

/**
 * Runs the outbox in this process: a pass every few seconds, one at once when something
 * deliverable is published, and the daily snapshots of subscriptions that ask for them.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  readonly worker: OutboxWorker;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private sub: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: SnapshotsService,
  ) {
    this.worker = new OutboxWorker(store, db, () => clock.now(), {
      baseDelayMs: config.WEBHOOK_RETRY_BASE_MS,
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      publicDestinationsOnly: config.NODE_ENV === 'production',
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await new WebhookRegistry(this.db).init();
    if (!this.config.OUTBOX_ENABLED) return;
    this.timer = setInterval(() => void this.run(), 5000);
    this.timer.unref();
    this.sub = this.store.subscribeToAll({ after: await this.store.headPosition(), eventTypes: ['SnapshotPublished', 'ReminderDue'] });
    void (async () => {
      for await (const _ of this.sub!) void this.run();
    })().catch(() => undefined);
    void this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sub?.close();
    await this.running?.catch(() => undefined);
  }

  /** One pass at a time in this process (other processes are safe through the store). */
  run() {
    this.running ??= this.worker
      .tick()
      .then((r) => {
        if (r.scheduled || r.delivered || r.failed || r.dead) this.logger.log(JSON.stringify(r));
        return r;
      })
      .catch((e) => this.logger.error(e instanceof Error ? e.message : String(e)))
      .finally(() => (this.running = null));
    return this.running;
  }

  /** Daily subscriptions get a fresh snapshot of each organization and kind they follow, at 06:00 in Montreal. */
  @Cron('0 0 6 * * *', { name: 'daily-snapshots', timeZone: MONTREAL })
  async daily(): Promise<void> {
    if (!this.config.OUTBOX_ENABLED) return;
    await this.publishScheduled();
  }

  async publishScheduled(): Promise<number> {
    let n = 0;
    const allOrgs = async () => (await liveDocs(this.db, organizationsProjection)).map((o) => o.organizationId);
    for (const w of (await new WebhookRegistry(this.db).all()).filter((h) => h.schedule === 'daily')) {
      for (const org of w.orgs === '*' ? await allOrgs() : w.orgs) {
        for (const kind of w.kinds.filter((k): k is SnapshotKind => (SNAPSHOT_KINDS as readonly string[]).includes(k))) {
          await this.snapshots.publish(kind, org, { actor: 'system:scheduler', correlationId: `daily-${this.clock.now().toISOString().slice(0, 10)}` }, `schedule:${w.id}`);
          n++;
        }
      }
    }
    return n;
  }
}
