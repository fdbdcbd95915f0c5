import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotAVigieStoreError, StoreClosedError, WrongExpectedRevisionError } from '../errors';
import { ownerOnlyDatabaseFile } from './owner-only';
import { useWriteAheadLog } from './wal';
import { eventHash, GENESIS } from '../integrity';
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

const FORMAT = 'vigie-event-store';
/** 2: events carry a chained hash (tamper evidence). */
const FORMAT_VERSION = '2';
/** The most appends one transaction (one fsync) takes: those queued in a turn of the event loop and the next (see `flush`); more wait for the next group. */
const MAX_GROUP = 512;
/** The most stored rows the cache of streams read whole holds (see `wholeStream`), and the most it keeps of one stream: a longer one is read whole each time. */
const STREAM_CACHE_ROWS = 10_000;
const STREAM_CACHE_ROWS_PER_STREAM = 2_500;

export interface SqliteEventStoreOptions {
  now?: () => Date;
  pollMs?: number;
}

/**
 * The columns every read of events selects, in this order; rows come back as arrays
 * (better-sqlite3's raw mode). Rows as objects, one property set per column, cost as much as
 * the rest of the read: over 1M events, pages of 5,000 read and parsed in 5.1 s as objects
 * and 2.7 s as arrays.
 */
const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, hash';

type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: string,
  actor: string,
  correlationId: string,
  causationId: string | null,
  occurredAt: string,
  recordedAt: string,
  hash: string,
];

interface StreamRow {
  revision: number;
  last_hash: string | null;
  deleted: number;
  truncate_before: number | null;
  max_age_seconds: number | null;
}

interface Pending {
  stream: string;
  events: SerializedEvent[];
  expected: ExpectedRevision;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

/** Instances on the same file in one process wake each other's subscriptions at once. */
const signals = new Map<string, AppendSignal>();

/**
 * The embedded store: one SQLite file (better-sqlite3, WAL, synchronous=FULL).
 * Concurrent appends are grouped into one transaction (group commit): each append runs
 * in its own savepoint, so one append's conflict never fails its neighbours, and the
 * whole group costs one durable commit.
 */
export class SqliteEventStore implements EventStore {
  readonly backend = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly signal: AppendSignal;
  private readonly now: () => Date;
  private queue: Pending[] = [];
  private flushScheduled = false;
  /** Whether the queued group has waited its turn (see `flush`). */
  private groupWaited = false;
  private closed = false;
  private readonly subscriptions = new Set<{ close(): Promise<void> }>();
  private readonly stmt;
  /** Statements whose text carries a page size (see `limited`), by text. */
  private readonly limitedCache = new Map<string, Database.Statement>();
  /** Streams read whole, as stored rows, the least recently read first (see `wholeStream`). */
  private readonly streamRows = new Map<string, EventRow[]>();
  private cachedRows = 0;

  constructor(
    readonly location: string,
    private readonly options: SqliteEventStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    const memory = location === ':memory:';
    const path = memory ? location : resolve(location);
    const existed = !memory && existsSync(path) && statSync(path).size > 0;
    if (!memory) ownerOnlyDatabaseFile(path);
    this.db = new Database(path, { timeout: 10_000 });
    try {
      useWriteAheadLog(this.db, 'FULL');
      // 64 MiB page cache: random-UUID index inserts stay cheap as the log grows to millions of rows.
      this.db.pragma('cache_size = -65536');
      this.initialize(existed, path);
    } catch (e) {
      this.db.close();
      if (e instanceof NotAVigieStoreError) throw e;
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new NotAVigieStoreError(path, 'the file is not a SQLite database');
      throw e;
    }
    this.signal = memory ? new AppendSignal() : signals.get(path) ?? new AppendSignal();
    if (!memory) signals.set(path, this.signal);
    const db = this.db;
    this.stmt = {
      stream: db.prepare<[string], StreamRow>('SELECT revision, last_hash, deleted, truncate_before, max_age_seconds FROM streams WHERE stream_id = ?'),
      byId: db.prepare<[string], { event_id: string; stream_id: string; revision: number; position: number }>(
        'SELECT event_id, stream_id, revision, position FROM events WHERE event_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, actor, correlation_id, causation_id, occurred_at, recorded_at, hash)
         VALUES (@stream_id, @revision, @event_id, @type, @schema_version, @data, @actor, @correlation_id, @causation_id, @occurred_at, @recorded_at, @hash)`,
      ),
      upsertStream: db.prepare(
        `INSERT INTO streams (stream_id, revision, last_hash, deleted) VALUES (?, ?, ?, 0)
         ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash, deleted = 0`,
      ),
      head: db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events'),
    };
  }

  /**
   * A prepared statement for `sql` with `LIMIT n` written into its text. A bound LIMIT
   * (`LIMIT ?`) makes SQLite recompile the statement at every new binding (about 12 µs
   * here, three times the cost of reading a short stream); a literal one does not. `n` is
   * an integer checked by the caller's validation, so writing it into the text is safe.
   * Few page sizes are in use; the cache is bounded all the same.
   */
  private limited(sql: string, n: number | undefined): Database.Statement<unknown[], EventRow> {
    if (n !== undefined && !Number.isSafeInteger(n)) throw new TypeError(`not an integer limit: ${n}`);
    const text = n === undefined ? sql : `${sql} LIMIT ${n}`;
    let stmt = this.limitedCache.get(text);
    if (!stmt) {
      if (this.limitedCache.size >= 256) this.limitedCache.delete(this.limitedCache.keys().next().value!);
      stmt = this.db.prepare(text).raw(true);
      this.limitedCache.set(text, stmt);
    }
    return stmt as Database.Statement<unknown[], EventRow>;
  }

  private initialize(existed: boolean, path: string): void {
    const tables = this.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
    if (existed && tables.length > 0) {
      if (!tables.includes('vigie_store')) throw new NotAVigieStoreError(path, 'it holds other tables and no Vigie format marker');
      const format = this.db.prepare<[string], { value: string }>('SELECT value FROM vigie_store WHERE key = ?').get('format');
      if (format?.value !== FORMAT) throw new NotAVigieStoreError(path, 'its format marker is not a Vigie event store');
      const version = this.db.prepare<[string], { value: string }>('SELECT value FROM vigie_store WHERE key = ?').get('format_version');
      if (version?.value !== FORMAT_VERSION) throw new NotAVigieStoreError(path, `format version ${version?.value} is not supported by this release`);
      return;
    }
    if (tables.length > 0) throw new NotAVigieStoreError(path, 'it holds other tables and no Vigie format marker');
    this.db.exec(`
      BEGIN;
      CREATE TABLE vigie_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO vigie_store (key, value) VALUES ('format', '${FORMAT}'), ('format_version', '${FORMAT_VERSION}');
      CREATE TABLE events (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        actor TEXT NOT NULL,
        correlation_id TEXT NOT NULL,
        causation_id TEXT,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE INDEX events_type ON events (type, position);
      CREATE TABLE streams (
        stream_id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        last_hash TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        truncate_before INTEGER,
        max_age_seconds INTEGER
      );
      COMMIT;
    `);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    try {
      this.assertOpen();
      const s = checkStream(stream);
      const expected = checkExpected(expectedRevision);
      const serialized = checkEvents(events);
      return new Promise<AppendResult>((resolve, reject) => {
        this.queue.push({ stream: s, events: serialized, expected, resolve, reject });
        this.scheduleFlush();
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * A group waits one more turn of the event loop before it commits. In that turn Node
   * polls the sockets again without blocking (an immediate is due): the requests that
   * arrived while the group's first appends were being decided are decided in turn and join
   * the group, where they would otherwise wait for the whole next turn and its commit. Under
   * load that is the difference between an answer at the end of one turn and at the end of
   * the next (bench/README.md, "One more turn before the commit"); an append alone waits one
   * poll that returns at once.
   */
  private flush(): void {
    if (!this.groupWaited) {
      this.groupWaited = true;
      setImmediate(() => this.flush());
      return;
    }
    this.groupWaited = false;
    this.flushScheduled = false;
    const group = this.queue.splice(0, MAX_GROUP);
    if (this.queue.length) this.scheduleFlush();
    if (group.length === 0) return;
    const outcomes: ({ ok: AppendResult } | { error: unknown })[] = [];
    const recordedAt = this.now().toISOString();
    const one = this.db.transaction((p: Pending) => this.appendOne(p, recordedAt));
    try {
      this.db
        .transaction(() => {
          outcomes.length = 0;
          for (const p of group) {
            try {
              outcomes.push({ ok: one(p) });
            } catch (error) {
              if (failsTheGroup(error)) throw error;
              outcomes.push({ error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const p of group) p.reject(error);
      return;
    }
    let wrote = false;
    group.forEach((p, i) => {
      const o = outcomes[i];
      if ('ok' in o) {
        wrote ||= !o.ok.idempotent;
        p.resolve(o.ok);
      } else p.reject(o.error);
    });
    if (wrote) this.signal.notify();
  }

  private appendOne(p: Pending, recordedAt: string): AppendResult {
    const stored = p.events.map((e) => this.stmt.byId.get(e.id)).filter((r) => r !== undefined);
    const original = idempotentOutcome(
      p.stream,
      p.events.map((e) => e.id),
      stored.map((r) => ({ id: r.event_id, streamId: r.stream_id, revision: r.revision, position: r.position })),
    );
    if (original) return { ...original, idempotent: true };
    const head = this.stmt.stream.get(p.stream);
    const current = head ? head.revision : -1;
    const exists = !!head && !head.deleted && head.revision >= 0;
    const actual = expectationMismatch(p.expected, current, exists);
    if (actual !== null) throw new WrongExpectedRevisionError(p.stream, p.expected, actual);
    let revision = current;
    let position = 0;
    let hash = head?.last_hash ?? GENESIS;
    for (const e of p.events) {
      revision++;
      hash = eventHash(hash, {
        streamId: p.stream,
        revision,
        id: e.id,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: JSON.parse(e.data),
        metadata: { actor: e.actor, correlationId: e.correlationId, causationId: e.causationId, occurredAt: e.occurredAt, recordedAt },
      });
      const r = this.stmt.insert.run({
        hash,
        stream_id: p.stream,
        revision,
        event_id: e.id,
        type: e.type,
        schema_version: e.schemaVersion,
        data: e.data,
        actor: e.actor,
        correlation_id: e.correlationId,
        causation_id: e.causationId,
        occurred_at: e.occurredAt,
        recorded_at: recordedAt,
      });
      position = Number(r.lastInsertRowid);
    }
    this.stmt.upsertStream.run(p.stream, revision, hash);
    return { nextExpectedRevision: revision, position, idempotent: false };
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    const s = checkStream(stream);
    const o = checkReadStream(options);
    const head = this.stmt.stream.get(s);
    if (!head || head.deleted) return [];
    if (o.direction === 'forwards' && !o.fromRevision && o.maxCount === undefined && head.truncate_before === null && !head.max_age_seconds) {
      return this.wholeStream(s, head.revision).map(toRecorded);
    }
    const floor = head.truncate_before ?? 0;
    const minRecorded = head.max_age_seconds ? new Date(this.now().getTime() - head.max_age_seconds * 1000).toISOString() : '';
    const rows =
      o.direction === 'forwards'
        ? this.limited(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND recorded_at >= ? ORDER BY revision ASC`, o.maxCount).all(s, Math.max(floor, o.fromRevision ?? 0), minRecorded)
        : this.limited(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? AND recorded_at >= ? ORDER BY revision DESC`, o.maxCount).all(
            s,
            floor,
            o.fromRevision ?? Number.MAX_SAFE_INTEGER,
            minRecorded,
          );
    return rows.map(toRecorded);
  }

  /**
   * A stream's rows from revision 0 through `revision` (its head, just read), when nothing
   * hides any of them (no deletion, truncation or maximum age). A stream read again reads
   * only the rows appended since, whoever appended them: stored events never change, and the
   * head row, read at every call, says how far the stream goes. Each call still builds its
   * own events from the rows, so no caller sees another's objects. What the decision of a
   * command reads again and again (its organization; an order's thousands of penalty days)
   * is then one point read of the head, or that and the new rows.
   */
  private wholeStream(stream: string, revision: number): EventRow[] {
    const cached = this.streamRows.get(stream);
    const last = cached?.length ? cached[cached.length - 1][2] : -1;
    let rows: EventRow[];
    if (cached && last === revision) rows = cached;
    else {
      const from = cached && last < revision ? last + 1 : 0;
      const more = this.limited(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC`, undefined).all(stream, from);
      rows = from > 0 ? cached!.concat(more) : more;
    }
    if (cached) {
      this.streamRows.delete(stream);
      this.cachedRows -= cached.length;
    }
    if (rows.length && rows.length <= STREAM_CACHE_ROWS_PER_STREAM) {
      this.streamRows.set(stream, rows);
      this.cachedRows += rows.length;
      for (const [key, old] of this.streamRows) {
        if (this.cachedRows <= STREAM_CACHE_ROWS) break;
        this.streamRows.delete(key);
        this.cachedRows -= old.length;
      }
    }
    return rows;
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllPage> {
    this.assertOpen();
    const o = checkReadAll(options);
    return this.readAllUnchecked(o.after, o.maxCount, o);
  }

  private readAllUnchecked(after: number, maxCount: number, filter: AllFilter): ReadAllPage {
    const where = ['position > ?'];
    const params: unknown[] = [after];
    if (filter.eventTypes?.length) {
      where.push(`type IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(filter.eventTypes));
    }
    if (filter.streamPrefix) {
      where.push('substr(stream_id, 1, length(?)) = ?');
      params.push(filter.streamPrefix, filter.streamPrefix);
    }
    const stmt = this.limited(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position ASC`, maxCount);
    const rows = stmt.all(...params);
    const events = rows.map(toRecorded);
    return {
      events,
      nextAfter: events.length ? events[events.length - 1].position : after,
      isEnd: events.length < maxCount,
    };
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = checkAfter(options.after);
    const filter = checkFilter(options);
    const sub = new CatchUpSubscription(
      async (a, n, f) => {
        this.assertOpen();
        return this.readAllUnchecked(a, n, f);
      },
      this.signal,
      { ...filter, after, pollMs: this.options.pollMs ?? 250 },
    );
    this.subscriptions.add(sub);
    return sub;
  }

  watchHead(options: { after?: number } = {}): HeadWatch {
    this.assertOpen();
    const after = options.after === undefined ? undefined : checkAfter(options.after);
    const watch = new HeadWatcher(() => this.headPosition(), this.signal, { after, pollMs: this.options.pollMs ?? 250 });
    this.subscriptions.add(watch);
    return watch;
  }

  async streamInfo(stream: string): Promise<StreamInfo> {
    this.assertOpen();
    const head = this.stmt.stream.get(checkStream(stream));
    if (!head) return { revision: 'no_stream', deleted: false, metadata: {} };
    return { revision: head.revision < 0 ? 'no_stream' : head.revision, deleted: !!head.deleted, metadata: rowMetadata(head) };
  }

  async setStreamMetadata(stream: string, metadata: StreamMetadata): Promise<void> {
    this.assertOpen();
    const s = checkStream(stream);
    const m = checkStreamMetadata(metadata);
    this.db
      .prepare(
        `INSERT INTO streams (stream_id, revision, deleted, truncate_before, max_age_seconds) VALUES (?, -1, 0, ?, ?)
         ON CONFLICT(stream_id) DO UPDATE SET truncate_before = excluded.truncate_before, max_age_seconds = excluded.max_age_seconds`,
      )
      .run(s, m.truncateBefore ?? null, m.maxAgeSeconds ?? null);
  }

  async deleteStream(stream: string, expectedRevision: ExpectedRevision = 'any'): Promise<void> {
    this.assertOpen();
    const s = checkStream(stream);
    const expected = checkExpected(expectedRevision);
    this.db
      .transaction(() => {
        const head = this.stmt.stream.get(s);
        const exists = !!head && !head.deleted && head.revision >= 0;
        const actual = expectationMismatch(expected, head?.revision ?? -1, exists);
        if (actual !== null || !exists) throw new WrongExpectedRevisionError(s, expected, actual ?? 'no_stream');
        this.db.prepare('UPDATE streams SET deleted = 1, truncate_before = ? WHERE stream_id = ?').run(head!.revision + 1, s);
      })
      .immediate();
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.stmt.head.get()?.p ?? 0;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  /** Direct database access for integrity tests and operator tools (never for domain code). */
  get database(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let queued appends finish before closing.
    while (this.queue.length || this.flushScheduled) await new Promise((r) => setImmediate(r));
    for (const s of this.subscriptions) await s.close();
    this.closed = true;
    this.db.close();
  }
}

/**
 * An append's own refusal (a wrong expected revision, an idempotency conflict, a constraint)
 * is its outcome alone; a failure of the database itself (locked, disk full, read-only, an
 * I/O error) fails the whole group, rolled back, nothing written. SQLite may roll back the
 * whole transaction on its own after such an error: the next appends would then run outside
 * it, each committed alone while the group is reported failed.
 */
function failsTheGroup(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT');
}

function rowMetadata(row: StreamRow): StreamMetadata {
  const m: StreamMetadata = {};
  if (row.truncate_before != null) m.truncateBefore = row.truncate_before;
  if (row.max_age_seconds != null) m.maxAgeSeconds = row.max_age_seconds;
  return m;
}

function toRecorded(r: EventRow): RecordedEvent {
  return {
    id: r[3],
    streamId: r[1],
    revision: r[2],
    position: r[0],
    type: r[4],
    schemaVersion: r[5],
    data: JSON.parse(r[6]),
    metadata: {
      actor: r[7],
      correlationId: r[8],
      causationId: r[9],
      occurredAt: r[10],
      recordedAt: r[11],
    },
    hash: r[12],
  };
}
