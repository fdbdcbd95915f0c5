import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '@app/projections';
import { DELIVERY_EVENT_TYPES, DeliveryStatus } from './outbox';

/** A delivery as operators and subscribers list it: what was owed to which webhook, and what became of it. */
export interface DeliveryDoc {
  /** The delivery's stream (one per webhook and source event). */
  deliveryId: string;
  webhookId: string;
  /** The Standard Webhooks message id, the same on every attempt. */
  messageId: string;
  organizationId: string;
  kind: string;
  /** The type of the event delivered (SnapshotPublished, ReminderDue). */
  event: string;
  scheduledAt: string;
  status: DeliveryStatus;
  attempts: number;
  /** When a pending delivery is next tried. */
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastError: string | null;
  /** The delivery stream's revision. */
  revision: number;
}

const isDelivery = new Set(DELIVERY_EVENT_TYPES);

/**
 * Every delivery, in the read models: listed a page at a time by webhook and status. The
 * outbox itself keeps in memory only what is still owed; what was delivered, dead-lettered
 * or cancelled lives here (and in the log), not in every process's heap.
 * The index's `org` column holds the webhook: a subscriber sees its own webhooks' deliveries.
 */
export const deliveriesProjection: Projection<DeliveryDoc> = {
  name: 'deliveries',
  version: 1,
  keyOf: (e: RecordedEvent) => (isDelivery.has(e.type) ? e.streamId : null),
  evolve: (doc, e) => {
    const d = e.data as Record<string, unknown>;
    if (e.type === 'DeliveryScheduled') {
      const payload = d.payload as { type?: string } | undefined;
      return {
        deliveryId: e.streamId,
        webhookId: String(d.webhookId),
        messageId: String(d.messageId),
        organizationId: String(d.organizationId),
        kind: String(d.kind),
        event: String(payload?.type ?? ''),
        scheduledAt: e.metadata.occurredAt,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: e.metadata.occurredAt,
        lastAttemptAt: null,
        lastError: null,
        revision: e.revision,
      };
    }
    if (!doc) return doc;
    const at = typeof d.at === 'string' ? d.at : e.metadata.occurredAt;
    const next = { ...doc, revision: e.revision };
    if (e.type === 'DeliveryAttemptFailed') return { ...next, attempts: Number(d.attempt), lastAttemptAt: at, nextAttemptAt: String(d.nextAttemptAt), lastError: String(d.error) };
    if (e.type === 'DeliverySucceeded') return { ...next, status: 'delivered', attempts: Number(d.attempt), lastAttemptAt: at };
    if (e.type === 'DeliveryDeadLettered') return { ...next, status: 'dead', attempts: Number(d.attempt), lastAttemptAt: at, lastError: String(d.error) };
    if (e.type === 'DeliveryCancelled') return { ...next, status: 'cancelled' };
    return doc;
  },
  index: (d) => ({ org: d.webhookId, status: d.status, kind: d.kind, sort: d.scheduledAt }),
  serialize: (d) => JSON.stringify(d),
  deserialize: (t) => JSON.parse(t) as DeliveryDoc,
};
