import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
} from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AppendExpectedRevision, ResolvedEvent } from '@eventstore/db-client';
import { StoreClosedError, WrongExpectedRevisionError } from '../errors';
import { eventHash, GENESIS } from '../integrity';
import type {
  AllFilter,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  HeadWatch,
  NewEvent,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  RecordedEvent,
  StreamInfo,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
} from '../types';
import {
  checkAfter,
  checkEvents,
  checkExpected,
  checkFilter,
  checkReadAll,
  checkReadStream,
  checkStream,
  checkStreamMetadata,
  idempotentOutcome,
} from '../validation';

const toEsdbExpected = (e: ExpectedRevision): AppendExpectedRevision =>
  e === 'any' ? ANY : e === 'no_stream' ? NO_STREAM : e === 'stream_exists' ? STREAM_EXISTS : BigInt(e);

const fromEsdbRevision = (v: unknown): number | 'no_stream' => (typeof v === 'bigint' ? Number(v) : 'no_stream');

/**
 * EventStoreDB adapter (the production store, and how Vigie grows past one machine).
 * Positions are the commit positions of the $all log; ESDB's native errors are mapped
 * to the port's; subscriptions are re-established from the last delivered position
 * after a dropped connection.
 */
export class EsdbEventStore implements EventStore {
  readonly backend = 'esdb' as const;
  private readonly client: EventStoreDBClient;
  private closed = false;
  private readonly subscriptions = new Set<{ close(): Promise<void> }>();

  constructor(
    url: string,
    private readonly options: { now?: () => Date } = {},
  ) {
    this.client = EventStoreDBClient.connectionString(url);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  async append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    const s = checkStream(stream);
    const expected = checkExpected(expectedRevision);
    const serialized = checkEvents(events);
    // Durable idempotency, as on the other backends: look the ids up in the stream first.
    const original = await this.findStored(s, serialized.map((e) => e.id));
    if (original) return { ...original, idempotent: true };
    // The hash chain needs the previous event's hash: the append is pinned to the revision
    // it was read at ('any' retries on a concurrent write, so the chain never forks).
    for (let attempt = 0; ; attempt++) {
      const head = await this.lastEvent(s);
      const recordedAt = this.now().toISOString();
      let hash = head?.hash ?? GENESIS;
      const pinned: ExpectedRevision = expected === 'any' || expected === 'stream_exists' ? (head ? head.revision : expected === 'any' ? 'no_stream' : 'stream_exists') : expected;
      const prepared = serialized.map((e, i) => {
        const metadata = { actor: e.actor, correlationId: e.correlationId, causationId: e.causationId, occurredAt: e.occurredAt, recordedAt };
        const data = JSON.parse(e.data);
        hash = eventHash(hash, { streamId: s, revision: (head?.revision ?? -1) + 1 + i, id: e.id, type: e.type, schemaVersion: e.schemaVersion, data, metadata });
        return jsonEvent({ id: e.id, type: e.type, data, metadata: { ...metadata, schemaVersion: e.schemaVersion, hash } });
      });
      try {
        const r = await this.client.appendToStream(s, prepared, { expectedRevision: toEsdbExpected(pinned) });
        return { nextExpectedRevision: Number(r.nextExpectedRevision), position: Number(r.position?.commit ?? 0n), idempotent: false };
      } catch (e) {
        if (e instanceof WrongExpectedVersionError) {
          if (expected === 'any' && attempt < 5) continue;
          throw new WrongExpectedRevisionError(s, expected, fromEsdbRevision(e.actualVersion));
        }
        throw e;
      }
    }
  }

  private async lastEvent(stream: string): Promise<{ revision: number; hash: string } | null> {
    try {
      for await (const r of this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (r.event) return { revision: Number(r.event.revision), hash: String((r.event.metadata as { hash?: string } | undefined)?.hash ?? GENESIS) };
      }
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
    }
    return null;
  }

  private async findStored(stream: string, ids: string[]): Promise<{ nextExpectedRevision: number; position: number } | null> {
    const wanted = new Set(ids);
    const stored: { id: string; streamId: string; revision: number; position: number }[] = [];
    try {
      for await (const r of this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 10_000 })) {
        if (r.event && wanted.has(r.event.id)) {
          stored.push({ id: r.event.id, streamId: stream, revision: Number(r.event.revision), position: Number(r.event.position?.commit ?? 0n) });
          if (stored.length === ids.length) break;
        }
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return null;
      throw e;
    }
    return idempotentOutcome(stream, ids, stored);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const s = checkStream(stream);
    const o = checkReadStream(options);
    const out: RecordedEvent[] = [];
    try {
      for await (const r of this.client.readStream(s, {
        direction: o.direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: o.fromRevision !== undefined ? BigInt(o.fromRevision) : o.direction === 'forwards' ? START : END,
        maxCount: o.maxCount ?? Number.MAX_SAFE_INTEGER,
      })) {
        const e = toRecorded(r);
        if (e) out.push(e);
      }
    } catch (e) {
      if (e instanceof StreamNotFoundError) return [];
      throw e;
    }
    return out;
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllPage> {
    this.assertOpen();
    const o = checkReadAll(options);
    return this.readAllUnchecked(o.after, o.maxCount, o);
  }

  /**
   * EventStoreDB's client reads $all without filters, so a filtered page is gathered from
   * batches read in turn: it ends when it holds maxCount matches, or when a batch comes
   * back short (the end of the log). A page is never said to be the end because one batch
   * held no match.
   */
  private async readAllUnchecked(after: number, maxCount: number, filter: AllFilter): Promise<ReadAllPage> {
    const events: RecordedEvent[] = [];
    const batch = Math.min(maxCount * 4 + 1, 4096);
    let scanned = after;
    for (;;) {
      const start = scanned;
      let read = 0;
      const from = start === 0 ? START : { commit: BigInt(start), prepare: BigInt(start) };
      for await (const r of this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: batch })) {
        read++;
        const pos = Number(r.event?.position?.commit ?? 0n);
        if (pos <= start) continue;
        scanned = pos;
        const e = toRecorded(r);
        if (!e || !matches(e, filter)) continue;
        events.push(e);
        if (events.length === maxCount) return { events, nextAfter: e.position, isEnd: false };
      }
      if (read < batch || scanned === start) return { events, nextAfter: events.length ? events[events.length - 1].position : scanned, isEnd: true };
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = checkAfter(options.after);
    const filter = checkFilter(options);
    const sub = new EsdbSubscription(this.client, after, filter);
    this.subscriptions.add(sub);
    return sub;
  }

  /** The server pushes every event to a subscription anyway: the watch is one, giving positions. */
  watchHead(options: { after?: number } = {}): HeadWatch {
    this.assertOpen();
    const after = options.after === undefined ? undefined : checkAfter(options.after);
    const client = this.client;
    const head = () => this.headPosition();
    let sub: EsdbSubscription | null = null;
    let closed = false;
    const watch: HeadWatch = {
      async close() {
        closed = true;
        await sub?.close();
      },
      async *[Symbol.asyncIterator]() {
        const from = after ?? (await head());
        if (closed) return;
        sub = new EsdbSubscription(client, from, {});
        for await (const e of sub) yield e.position;
      },
    };
    this.subscriptions.add(watch);
    return watch;
  }

  async streamInfo(stream: string): Promise<StreamInfo> {
    this.assertOpen();
    const s = checkStream(stream);
    const meta = await this.client.getStreamMetadata(s);
    const metadata: StreamMetadata = {};
    if (meta.metadata?.truncateBefore !== undefined) metadata.truncateBefore = Number(meta.metadata.truncateBefore);
    if (meta.metadata?.maxAge !== undefined) metadata.maxAgeSeconds = Number(meta.metadata.maxAge);
    const last = await this.readStream(s, { direction: 'backwards', maxCount: 1 });
    const deleted = last.length === 0 && metadata.truncateBefore !== undefined && metadata.truncateBefore > Number.MAX_SAFE_INTEGER / 2;
    return { revision: last.length ? last[0].revision : 'no_stream', deleted, metadata: deleted ? {} : metadata };
  }

  async setStreamMetadata(stream: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    const s = checkStream(stream);
    const m = checkStreamMetadata(metadata);
    await this.client.setStreamMetadata(s, {
      ...(m.truncateBefore !== undefined ? { truncateBefore: m.truncateBefore } : {}),
      ...(m.maxAgeSeconds !== undefined ? { maxAge: m.maxAgeSeconds } : {}),
    });
  }

  async deleteStream(stream: string, expectedRevision: ExpectedRevision = 'any'): Promise<void> {
    this.assertOpen();
    const s = checkStream(stream);
    const expected = checkExpected(expectedRevision);
    try {
      if (expected === 'no_stream') throw new WrongExpectedRevisionError(s, expected, (await this.streamInfo(s)).revision);
      await this.client.deleteStream(s, { expectedRevision: expected === 'any' || expected === 'stream_exists' ? ANY : BigInt(expected) });
    } catch (e) {
      if (e instanceof WrongExpectedVersionError) throw new WrongExpectedRevisionError(s, expected, fromEsdbRevision(e.actualVersion));
      if (e instanceof StreamNotFoundError) throw new WrongExpectedRevisionError(s, expected, 'no_stream');
      throw e;
    }
  }

  /**
   * The position of the last event of Vigie's. The end of $all may be the server's own
   * events ($stats, scavenges…) however many there are: read back batch after batch until
   * one of Vigie's, or the start of the log.
   */
  async headPosition(): Promise<number> {
    this.assertOpen();
    const batch = 500;
    let from: typeof END | { commit: bigint; prepare: bigint } = END;
    for (;;) {
      let read = 0;
      let oldest: { commit: bigint; prepare: bigint } | undefined;
      for await (const r of this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: batch })) {
        read++;
        if (toRecorded(r)) return Number(r.event?.position?.commit ?? 0n);
        oldest = r.event?.position ?? oldest;
      }
      if (read < batch || !oldest) return 0;
      from = oldest;
    }
  }

  /** The server answers a read: one event from the end of $all, whoever wrote it. */
  async ping(): Promise<void> {
    this.assertOpen();
    for await (const _ of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) break;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subscriptions) await s.close();
    await this.client.dispose();
  }
}

function matches(e: RecordedEvent, f: AllFilter): boolean {
  if (f.eventTypes?.length && !f.eventTypes.includes(e.type)) return false;
  if (f.streamPrefix && !e.streamId.startsWith(f.streamPrefix)) return false;
  return true;
}

function toRecorded(r: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const e = r.event;
  if (!e || !e.isJson || e.type.startsWith('$') || e.streamId.startsWith('$')) return null;
  const m = (e.metadata ?? {}) as Partial<EventMetadata> & { schemaVersion?: number; hash?: string };
  return {
    id: e.id,
    streamId: e.streamId,
    revision: Number(e.revision),
    position: Number(e.position?.commit ?? 0n),
    type: e.type,
    schemaVersion: m.schemaVersion ?? 1,
    data: e.data as Record<string, unknown>,
    metadata: {
      actor: m.actor ?? 'unknown',
      correlationId: m.correlationId ?? e.id,
      causationId: m.causationId ?? null,
      occurredAt: m.occurredAt ?? e.created.toISOString(),
      recordedAt: m.recordedAt ?? e.created.toISOString(),
    },
    hash: m.hash,
  };
}

/** A $all subscription that resubscribes from its last delivered position when the connection drops. */
class EsdbSubscription implements Subscription {
  private closed = false;
  private position: number;
  private current: { unsubscribe(): Promise<void> } | null = null;

  constructor(
    private readonly client: EventStoreDBClient,
    after: number,
    private readonly filter: AllFilter,
  ) {
    this.position = after;
  }

  get lastPosition(): number {
    return this.position;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.current?.unsubscribe().catch(() => undefined);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let attempt = 0;
    while (!this.closed) {
      const serverFilter = this.filter.eventTypes?.length
        ? eventTypeFilter({ regex: `^(${this.filter.eventTypes.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$` })
        : this.filter.streamPrefix
          ? streamNameFilter({ prefixes: [this.filter.streamPrefix] })
          : excludeSystemEvents();
      const sub = this.client.subscribeToAll({
        fromPosition: this.position === 0 ? START : { commit: BigInt(this.position), prepare: BigInt(this.position) },
        filter: serverFilter,
      });
      this.current = sub;
      try {
        for await (const r of sub) {
          if (this.closed) return;
          attempt = 0;
          const e = toRecorded(r);
          if (!e || e.position <= this.position || !matches(e, this.filter)) continue;
          this.position = e.position;
          yield e;
        }
        if (this.closed) return;
      } catch {
        if (this.closed) return;
        attempt++;
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
      }
    }
  }
}
