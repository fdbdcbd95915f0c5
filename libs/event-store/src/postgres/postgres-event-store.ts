import { Client, Pool, PoolClient } from 'pg';
import { NotAVigieStoreError, StoreClosedError, WrongExpectedRevisionError } from '../errors';
import { eventHash, GENESIS } from '../integrity';
import { surviveDroppedConnections } from './pool';
import { AppendSignal, CatchUpSubscription, HeadWatcher } from '../subscription';
import type {
  AllFilter,
  AppendResult,
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
  expectationMismatch,
  idempotentOutcome,
  SerializedEvent,
} from '../validation';

export interface PostgresEventStoreOptions {
  now?: () => Date;
  pollMs?: number;
  poolSize?: number;
}

const CHANNEL = 'vigie_events';
/** Key (two-int form, apart from the per-stream bigint keys) of the lock under which positions are allocated. */
const POSITION_LOCK = [0x76696769, 1]; // "vigi"
const SCHEMA_LOCK = 0x76696769;

/** 2: events carry a chained hash (tamper evidence). */
const FORMAT_VERSION = '2';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS vigie_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vigie_events (
  position BIGSERIAL PRIMARY KEY,
  stream_id TEXT NOT NULL,
  revision BIGINT NOT NULL,
  event_id UUID NOT NULL UNIQUE,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data JSONB NOT NULL,
  actor TEXT NOT NULL,
  correlation_id TEXT NOT NULL,
  causation_id TEXT,
  occurred_at TIMESTAMPTZ NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL,
  hash TEXT NOT NULL,
  transaction_id XID8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS vigie_events_type ON vigie_events (type, position);
CREATE TABLE IF NOT EXISTS vigie_streams (
  stream_id TEXT PRIMARY KEY,
  revision BIGINT NOT NULL,
  last_hash TEXT,
  deleted BOOLEAN NOT NULL DEFAULT FALSE,
  truncate_before BIGINT,
  max_age_seconds BIGINT
);
`;

interface EventRow {
  position: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  actor: string;
  correlation_id: string;
  causation_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
  hash: string;
}

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, hash';

/**
 * PostgreSQL adapter.
 *
 * Ordering and gaps: a BIGSERIAL alone is not commit order (a transaction may take
 * position 5, another 6 and commit first). An append therefore (1) serializes on its
 * stream with an advisory lock that writes nothing, checks the expected revision and
 * idempotency, then (2) takes one global transaction-scoped advisory lock *before its
 * first write*, so its transaction id and its positions are both assigned in lock order,
 * which is commit order. Readers gate on the transaction snapshot, as Emmett does: only
 * rows whose transaction id is below `pg_snapshot_xmin(pg_current_snapshot())` are
 * returned, which is then always a prefix of the log: a commit still in flight is never
 * skipped by a reader that moved past it.
 */
export class PostgresEventStore implements EventStore {
  readonly backend = 'postgres' as const;
  private readonly pool: Pool;
  private readonly signal = new AppendSignal();
  private readonly now: () => Date;
  private listener: Client | null = null;
  private listenerRetry: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly subscriptions = new Set<{ close(): Promise<void> }>();

  private constructor(
    private readonly url: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.pool = surviveDroppedConnections(new Pool({ connectionString: url, max: options.poolSize ?? 10 }));
  }

  static async open(url: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(url, options);
    const client = await store.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
      try {
        const existing = await client.query<{ value: string }>(
          "SELECT value FROM vigie_store WHERE key = 'format_version'",
        ).catch(() => ({ rows: [] as { value: string }[] }));
        const events = await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'vigie_events'");
        const version = existing.rows[0]?.value;
        if (events.rowCount && version !== FORMAT_VERSION) {
          throw new NotAVigieStoreError(url.replace(/\/\/[^@]*@/, '//***@'), `its format version ${version ?? '1'} is not supported by this release (expected ${FORMAT_VERSION})`);
        }
        await client.query(SCHEMA);
        await client.query("INSERT INTO vigie_store (key, value) VALUES ('format', 'vigie-event-store'), ('format_version', $1) ON CONFLICT (key) DO NOTHING", [FORMAT_VERSION]);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
      }
    } catch (e) {
      client.release();
      await store.pool.end();
      throw e;
    }
    client.release();
    return store;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  async append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    const s = checkStream(stream);
    const expected = checkExpected(expectedRevision);
    const serialized = checkEvents(events);
    // A lost race to create a stream, or to store the same ids, is retried: the retry then
    // sees the winner's write and answers with a conflict or the idempotent result.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendOnce(s, serialized, expected);
      } catch (e) {
        if ((e as { code?: string }).code === '23505' && attempt < 3) continue;
        throw e;
      }
    }
  }

  private async appendOnce(stream: string, events: SerializedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // 1. Serialize appends to this stream without writing anything (no transaction id yet).
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [stream]);
      const head = await client.query<{ revision: string; deleted: boolean; last_hash: string | null }>('SELECT revision, deleted, last_hash FROM vigie_streams WHERE stream_id = $1', [stream]);
      const ids = events.map((e) => e.id);
      const stored = await client.query<{ event_id: string; stream_id: string; revision: string; position: string }>(
        'SELECT event_id::text, stream_id, revision, position FROM vigie_events WHERE event_id = ANY($1::uuid[])',
        [ids],
      );
      const original = idempotentOutcome(
        stream,
        ids,
        stored.rows.map((r) => ({ id: r.event_id, streamId: r.stream_id, revision: Number(r.revision), position: Number(r.position) })),
      );
      if (original) {
        await client.query('ROLLBACK');
        return { ...original, idempotent: true };
      }
      const row = head.rows[0];
      const current = row ? Number(row.revision) : -1;
      const exists = !!row && !row.deleted && current >= 0;
      const actual = expectationMismatch(expected, current, exists);
      if (actual !== null) throw new WrongExpectedRevisionError(stream, expected, actual);
      // 2. The global position lock, taken before the first write: the transaction id and the
      //    positions are then both assigned in lock order, which is commit order, so the
      //    readers' pg_snapshot_xmin gate always exposes a prefix of the log.
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', POSITION_LOCK);
      const last = current + events.length;
      const recordedAt = this.now().toISOString();
      let hash = row?.last_hash ?? GENESIS;
      const hashes = events.map((e, i) => {
        hash = eventHash(hash, {
          streamId: stream,
          revision: current + 1 + i,
          id: e.id,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: JSON.parse(e.data),
          metadata: { actor: e.actor, correlationId: e.correlationId, causationId: e.causationId, occurredAt: e.occurredAt, recordedAt },
        });
        return hash;
      });
      await client.query(
        `INSERT INTO vigie_streams (stream_id, revision, last_hash) VALUES ($1, $2, $3)
         ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision, last_hash = EXCLUDED.last_hash, deleted = FALSE`,
        [stream, last, hash],
      );
      let position = 0;
      for (let start = 0; start < events.length; start += 1000) {
        const chunk = events.slice(start, start + 1000);
        const values: string[] = [];
        const params: unknown[] = [];
        chunk.forEach((e, i) => {
          const b = params.length;
          values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10}, $${b + 11}, $${b + 12})`);
          params.push(stream, current + 1 + start + i, e.id, e.type, e.schemaVersion, e.data, e.actor, e.correlationId, e.causationId, e.occurredAt, recordedAt, hashes[start + i]);
        });
        const r = await client.query<{ position: string }>(
          `INSERT INTO vigie_events (stream_id, revision, event_id, type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, hash)
           VALUES ${values.join(', ')} RETURNING position`,
          params,
        );
        position = Math.max(position, ...r.rows.map((x) => Number(x.position)));
      }
      await client.query(`SELECT pg_notify('${CHANNEL}', '')`);
      await client.query('COMMIT');
      this.signal.notify();
      return { nextExpectedRevision: last, position, idempotent: false };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const s = checkStream(stream);
    const o = checkReadStream(options);
    const head = await this.pool.query<{ deleted: boolean; truncate_before: string | null; max_age_seconds: string | null }>(
      'SELECT deleted, truncate_before, max_age_seconds FROM vigie_streams WHERE stream_id = $1',
      [s],
    );
    const h = head.rows[0];
    if (!h || h.deleted) return [];
    const floor = h.truncate_before != null ? Number(h.truncate_before) : 0;
    const minRecorded = h.max_age_seconds != null ? new Date(this.now().getTime() - Number(h.max_age_seconds) * 1000) : new Date(0);
    const limit = o.maxCount ?? null;
    const r =
      o.direction === 'forwards'
        ? await this.pool.query<EventRow>(
            `SELECT ${COLUMNS} FROM vigie_events WHERE stream_id = $1 AND revision >= $2 AND recorded_at >= $3 ORDER BY revision ASC LIMIT $4`,
            [s, Math.max(floor, o.fromRevision ?? 0), minRecorded, limit],
          )
        : await this.pool.query<EventRow>(
            `SELECT ${COLUMNS} FROM vigie_events WHERE stream_id = $1 AND revision >= $2 AND revision <= $3 AND recorded_at >= $4 ORDER BY revision DESC LIMIT $5`,
            [s, floor, o.fromRevision ?? Number.MAX_SAFE_INTEGER, minRecorded, limit],
          );
    return r.rows.map(toRecorded);
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllPage> {
    this.assertOpen();
    const o = checkReadAll(options);
    return this.readAllUnchecked(o.after, o.maxCount, o);
  }

  private async readAllUnchecked(after: number, maxCount: number, filter: AllFilter): Promise<ReadAllPage> {
    const where = ['position > $1', 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())'];
    const params: unknown[] = [after];
    if (filter.eventTypes?.length) {
      params.push(filter.eventTypes);
      where.push(`type = ANY($${params.length}::text[])`);
    }
    if (filter.streamPrefix) {
      params.push(filter.streamPrefix);
      where.push(`starts_with(stream_id, $${params.length})`);
    }
    params.push(maxCount);
    const r = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM vigie_events WHERE ${where.join(' AND ')} ORDER BY position ASC LIMIT $${params.length}`,
      params,
    );
    const events = r.rows.map(toRecorded);
    return { events, nextAfter: events.length ? events[events.length - 1].position : after, isEnd: events.length < maxCount };
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = checkAfter(options.after);
    const filter = checkFilter(options);
    this.ensureListener();
    const sub = new CatchUpSubscription((a, n, f) => this.readAllUnchecked(a, n, f), this.signal, {
      ...filter,
      after,
      pollMs: this.options.pollMs ?? 250,
    });
    this.subscriptions.add(sub);
    return sub;
  }

  watchHead(options: { after?: number } = {}): HeadWatch {
    this.assertOpen();
    const after = options.after === undefined ? undefined : checkAfter(options.after);
    this.ensureListener();
    const watch = new HeadWatcher(() => this.headPosition(), this.signal, { after, pollMs: this.options.pollMs ?? 250 });
    this.subscriptions.add(watch);
    return watch;
  }

  /** One LISTEN connection per store wakes subscriptions on commits from any process; re-established when dropped. */
  private ensureListener(): void {
    if (this.listener || this.listenerRetry || this.closed) return;
    const client = new Client({ connectionString: this.url });
    this.listener = client;
    const reconnect = () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.signal.notify(); // readers re-check at once: a commit may have happened while deaf
      this.listenerRetry = setTimeout(() => {
        this.listenerRetry = null;
        this.ensureListener();
      }, 200);
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
    client.on('notification', () => this.signal.notify());
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      .catch(reconnect);
  }

  async streamInfo(stream: string): Promise<StreamInfo> {
    this.assertOpen();
    const r = await this.pool.query<{ revision: string; deleted: boolean; truncate_before: string | null; max_age_seconds: string | null }>(
      'SELECT revision, deleted, truncate_before, max_age_seconds FROM vigie_streams WHERE stream_id = $1',
      [checkStream(stream)],
    );
    const h = r.rows[0];
    if (!h) return { revision: 'no_stream', deleted: false, metadata: {} };
    const metadata: StreamMetadata = {};
    if (h.truncate_before != null) metadata.truncateBefore = Number(h.truncate_before);
    if (h.max_age_seconds != null) metadata.maxAgeSeconds = Number(h.max_age_seconds);
    const revision = Number(h.revision);
    return { revision: revision < 0 ? 'no_stream' : revision, deleted: h.deleted, metadata };
  }

  async setStreamMetadata(stream: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    const s = checkStream(stream);
    const m = checkStreamMetadata(metadata);
    await this.pool.query(
      `INSERT INTO vigie_streams (stream_id, revision, truncate_before, max_age_seconds) VALUES ($1, -1, $2, $3)
       ON CONFLICT (stream_id) DO UPDATE SET truncate_before = EXCLUDED.truncate_before, max_age_seconds = EXCLUDED.max_age_seconds`,
      [s, m.truncateBefore ?? null, m.maxAgeSeconds ?? null],
    );
  }

  async deleteStream(stream: string, expectedRevision: ExpectedRevision = 'any'): Promise<void> {
    this.assertOpen();
    const s = checkStream(stream);
    const expected = checkExpected(expectedRevision);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [s]);
      const r = await client.query<{ revision: string; deleted: boolean }>('SELECT revision, deleted FROM vigie_streams WHERE stream_id = $1', [s]);
      const row = r.rows[0];
      const current = row ? Number(row.revision) : -1;
      const exists = !!row && !row.deleted && current >= 0;
      const actual = expectationMismatch(expected, current, exists);
      if (actual !== null || !exists) throw new WrongExpectedRevisionError(s, expected, actual ?? 'no_stream');
      await client.query('UPDATE vigie_streams SET deleted = TRUE, truncate_before = $2 WHERE stream_id = $1', [s, current + 1]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const r = await this.pool.query<{ p: string | null }>(
      'SELECT MAX(position) AS p FROM vigie_events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())',
    );
    return Number(r.rows[0]?.p ?? 0);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.pool.query('SELECT 1');
  }

  /** Direct SQL access for integrity tests and operator tools (never for domain code). */
  query(sql: string, params: unknown[] = []): Promise<{ rows: Record<string, unknown>[] }> {
    return this.pool.query(sql, params);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subscriptions) await s.close();
    if (this.listenerRetry) clearTimeout(this.listenerRetry);
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
    await this.pool.end();
  }
}

function toRecorded(r: EventRow): RecordedEvent {
  return {
    id: r.event_id,
    streamId: r.stream_id,
    revision: Number(r.revision),
    position: Number(r.position),
    type: r.type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: {
      actor: r.actor,
      correlationId: r.correlation_id,
      causationId: r.causation_id,
      occurredAt: r.occurred_at.toISOString(),
      recordedAt: r.recorded_at.toISOString(),
    },
    hash: r.hash,
  };
}

