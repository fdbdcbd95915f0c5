import { EventStore, RecordedEvent, WrongExpectedRevisionError } from '@app/event-store';
import { deterministicUuid, newId } from '@app/kernel';
import type { ReadModelDb } from '@app/projections';
import { Webhook } from 'standardwebhooks';
import { nonPublicAddress, Resolve } from './destination';
import { WebhookRegistry } from './webhooks';

export interface OutboxOptions {
  /** First retry delay; doubles each attempt (capped at an hour). */
  baseDelayMs?: number;
  /** Attempts before a delivery goes to the dead-letter list. */
  maxAttempts?: number;
  timeoutMs?: number;
  /** Real time for the webhook-timestamp header (receivers check it against their clock to refuse replays); business time stays with `now`. */
  wallClock?: () => Date;
  /**
   * Refuse to send to a host that resolves to a non-public address, checked again before
   * every attempt (a name may point elsewhere than when it was registered). On in
   * production; development and tests send to local receivers.
   */
  publicDestinationsOnly?: boolean;
  /** The resolver for that check (tests). */
  resolve?: Resolve;
}

/** A delivery's state (see deliveriesProjection); `cancelled`: its webhook was removed before it was delivered (nothing more is sent to it). */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'cancelled';

/** A delivery still owed, as the worker holds it. */
export interface Delivery {
  stream: string;
  revision: number;
  webhookId: string;
  /** The Standard Webhooks message id: the same on every attempt, so receivers drop duplicates. */
  messageId: string;
  organizationId: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
}

/** A delivery's stream: one per webhook and source event. */
export const deliveryStream = (webhookId: string, sourceEventId: string) => `delivery-${webhookId}-${sourceEventId}`;

/** The delivery ledger's event types (a delivery's stream holds these and nothing else). */
export const DELIVERY_EVENT_TYPES = ['DeliveryScheduled', 'DeliveryAttemptFailed', 'DeliverySucceeded', 'DeliveryDeadLettered', 'DeliveryCancelled'];
const SOURCE_TYPES = ['SnapshotPublished', 'ReminderDue'];

/**
 * The outbox: what is owed to each webhook is recorded in the event store before it is
 * sent (DeliveryScheduled, with a deterministic id per webhook and message), then every
 * attempt's outcome is appended at the expected revision. After a restart the worker
 * folds the delivery streams again: nothing owed is lost, nothing delivered is sent
 * again. A crash between a POST and its record resends it with the same message id
 * (at-least-once; Standard Webhooks receivers drop duplicate ids).
 */
export class OutboxWorker {
  private readonly deliveries = new Map<string, Delivery>();
  private deliveryPosition = 0;
  private readonly registry: WebhookRegistry;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    private readonly now: () => Date,
    private readonly options: OutboxOptions = {},
  ) {
    this.registry = new WebhookRegistry(db);
  }

  private async checkpoint(): Promise<number> {
    await this.db.run('CREATE TABLE IF NOT EXISTS outbox_state (name TEXT PRIMARY KEY, position BIGINT NOT NULL)');
    const r = await this.db.all<{ position: number | string }>("SELECT position FROM outbox_state WHERE name = 'sources'");
    return Number(r[0]?.position ?? 0);
  }

  /** Records a delivery owed to every matching webhook for each new snapshot or reminder. */
  async schedule(): Promise<number> {
    let after = await this.checkpoint();
    const hooks = await this.registry.all();
    let scheduled = 0;
    for (;;) {
      const page = await this.store.readAll({ after, eventTypes: SOURCE_TYPES, maxCount: 500 });
      for (const e of page.events) {
        const d = e.data as { organizationId: string; kind: string };
        for (const w of hooks.filter((h) => WebhookRegistry.matches(h, d.organizationId, d.kind))) {
          const messageId = `msg_${deterministicUuid('vigie:delivery', `${w.id}|${e.id}`)}`;
          try {
            const written = await this.store.append(
              deliveryStream(w.id, e.id),
              [
                {
                  id: deterministicUuid('vigie:delivery:scheduled', messageId),
                  type: 'DeliveryScheduled',
                  data: { webhookId: w.id, messageId, organizationId: d.organizationId, kind: d.kind, sourceEventId: e.id, payload: { type: e.type, data: e.data } },
                  metadata: { actor: 'system:outbox', correlationId: e.metadata.correlationId, causationId: e.id, occurredAt: this.now().toISOString() },
                },
              ],
              'no_stream',
            );
            if (!written.idempotent) scheduled++; // the same id again is a no-op: already scheduled
          } catch (err) {
            if (!(err instanceof WrongExpectedRevisionError)) throw err; // already scheduled (another worker, or before a crash)
          }
        }
      }
      after = page.nextAfter;
      await this.db.run(
        "INSERT INTO outbox_state (name, position) VALUES ('sources', ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
        [after],
      );
      if (page.isEnd) return scheduled;
    }
  }

  /** Folds delivery events into the in-memory view (from where it stopped; from the start after a restart). */
  private async refresh(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.deliveryPosition, eventTypes: DELIVERY_EVENT_TYPES, maxCount: 1000 });
      for (const e of page.events) this.apply(e);
      this.deliveryPosition = page.nextAfter;
      if (page.isEnd) return;
    }
  }

  private apply(e: RecordedEvent): void {
    const d = e.data as Record<string, unknown>;
    if (e.type === 'DeliveryScheduled') {
      this.deliveries.set(e.streamId, {
        stream: e.streamId,
        revision: e.revision,
        webhookId: String(d.webhookId),
        messageId: String(d.messageId),
        organizationId: String(d.organizationId),
        kind: String(d.kind),
        payload: d.payload as Record<string, unknown>,
        attempts: 0,
        nextAttemptAt: e.metadata.occurredAt,
        lastError: null,
      });
      return;
    }
    const x = this.deliveries.get(e.streamId);
    if (!x) return;
    x.revision = e.revision;
    if (e.type === 'DeliveryAttemptFailed') Object.assign(x, { attempts: Number(d.attempt), nextAttemptAt: String(d.nextAttemptAt), lastError: String(d.error) });
    // Delivered, dead-lettered or cancelled: nothing more is owed, and the read models list it (deliveriesProjection).
    if (e.type === 'DeliverySucceeded' || e.type === 'DeliveryDeadLettered' || e.type === 'DeliveryCancelled') this.deliveries.delete(e.streamId);
  }

  /** What is still owed (pending deliveries), as this worker last read the log. */
  async pending(): Promise<Delivery[]> {
    await this.refresh();
    return [...this.deliveries.values()];
  }

  /** One pass: schedule what is owed, then send every delivery that is due. */
  async tick(): Promise<{ scheduled: number; delivered: number; failed: number; dead: number }> {
    const scheduled = await this.schedule();
    await this.refresh();
    const hooks = new Map((await this.registry.all()).map((h) => [h.id, h]));
    const now = this.now();
    let delivered = 0;
    let failed = 0;
    let dead = 0;
    for (const d of [...this.deliveries.values()]) {
      if (d.nextAttemptAt > now.toISOString()) continue;
      const hook = hooks.get(d.webhookId);
      if (!hook) {
        // Scheduled as its webhook was being removed: owed to no one any more.
        await this.cancelOne(d, 'system:outbox');
        continue;
      }
      const attempt = d.attempts + 1;
      const outcome = await this.send(hook.url, hook.secret, d);
      const maxAttempts = this.options.maxAttempts ?? 8;
      const base = { attempt, at: now.toISOString(), messageId: d.messageId };
      const event = outcome.ok
        ? { type: 'DeliverySucceeded', data: { ...base, status: outcome.status } }
        : attempt >= maxAttempts
          ? { type: 'DeliveryDeadLettered', data: { ...base, error: outcome.error } }
          : { type: 'DeliveryAttemptFailed', data: { ...base, error: outcome.error, nextAttemptAt: new Date(now.getTime() + Math.min(3_600_000, (this.options.baseDelayMs ?? 1000) * 2 ** (attempt - 1))).toISOString() } };
      try {
        await this.store.append(d.stream, [{ id: newId(), ...event, metadata: { actor: 'system:outbox', correlationId: d.messageId, occurredAt: now.toISOString() } }], d.revision);
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err; // another worker recorded this attempt
      }
      if (event.type === 'DeliverySucceeded') delivered++;
      else if (event.type === 'DeliveryDeadLettered') dead++;
      else failed++;
    }
    await this.refresh();
    return { scheduled, delivered, failed, dead };
  }

  /** Cancels what is still owed to a webhook that is removed; answers how many deliveries it cancelled. */
  async cancelFor(webhookId: string, actor: string): Promise<number> {
    await this.refresh();
    let cancelled = 0;
    for (const d of [...this.deliveries.values()]) if (d.webhookId === webhookId && (await this.cancelOne(d, actor))) cancelled++;
    await this.refresh();
    return cancelled;
  }

  /** Records a pending delivery as cancelled, at the revision read (false when another worker recorded an attempt since). */
  private async cancelOne(d: Delivery, actor: string): Promise<boolean> {
    const at = this.now().toISOString();
    try {
      await this.store.append(d.stream, [{ id: newId(), type: 'DeliveryCancelled', data: { at, messageId: d.messageId, reason: 'webhook removed' }, metadata: { actor, correlationId: d.messageId, occurredAt: at } }], d.revision);
      return true;
    } catch (err) {
      if (err instanceof WrongExpectedRevisionError) return false;
      throw err;
    }
  }

  private async send(url: string, secret: string, d: Delivery): Promise<{ ok: true; status: number } | { ok: false; error: string }> {
    const body = JSON.stringify({
      type: d.kind === 'reminder' ? 'reminder.due' : 'snapshot.published',
      organizationId: d.organizationId,
      event: d.payload.type,
      data: d.payload.data,
    });
    const sentAt = (this.options.wallClock ?? (() => new Date()))();
    const timestamp = new Date(Math.floor(sentAt.getTime() / 1000) * 1000);
    const signature = new Webhook(secret).sign(d.messageId, timestamp, body);
    try {
      if (this.options.publicDestinationsOnly) {
        const refused = await nonPublicAddress(url, this.options.resolve);
        if (refused) return { ok: false, error: `refused: ${new URL(url).hostname} resolves to ${refused}, not a public address` };
      }
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.messageId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? { ok: true, status: res.status } : { ok: false, error: `HTTP ${res.status}` };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }
}
