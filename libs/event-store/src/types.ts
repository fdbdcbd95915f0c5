/**
 * The event store port, modelled on EventStoreDB's semantics. Three adapters implement
 * it (SQLite embedded, PostgreSQL, EventStoreDB) and one contract suite proves them.
 *
 * Conventions:
 * - stream revisions start at 0; `nextExpectedRevision` is the revision of the last
 *   event written (EventStoreDB's convention);
 * - global positions are positive integers, increasing in commit order; `after: p`
 *   means "strictly after position p" (0 = from the beginning), so a checkpoint is
 *   simply the position of the last event handled.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface EventMetadataInput {
  /** Who did it: a user id, a service account, or `system:<worker>`. */
  actor: string;
  correlationId: string;
  causationId?: string | null;
  /** Business time: when the fact happened or became effective (ISO 8601 with offset). */
  occurredAt: string;
}

export interface EventMetadata extends Required<EventMetadataInput> {
  causationId: string | null;
  /** Recorded time: when the store accepted the event (set by the store). */
  recordedAt: string;
}

export interface NewEvent<D extends object = Record<string, unknown>> {
  /** A UUID chosen by the writer; re-appending the same id is a no-op (idempotent append). */
  id: string;
  type: string;
  /** Version of the event's data schema; older versions are upcast when read. Default 1. */
  schemaVersion?: number;
  data: D;
  metadata: EventMetadataInput;
}

export interface RecordedEvent<D extends object = Record<string, unknown>> {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  /** SHA-256 chained to the previous event of the stream (tamper evidence; see integrity.ts). */
  hash?: string;
}

export interface AppendResult {
  /** Revision of the last event of the stream after this append. */
  nextExpectedRevision: number;
  /** Global position of the last event written by this append. */
  position: number;
  /** True when every event was already stored: nothing was written, the original result is returned. */
  idempotent: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the first (forwards) or last (backwards) revision. */
  fromRevision?: number;
  maxCount?: number;
}

export interface AllFilter {
  eventTypes?: string[];
  streamPrefix?: string;
}

export interface ReadAllOptions extends AllFilter {
  /** Exclusive lower bound (a checkpoint). Default 0: from the beginning. */
  after?: number;
  /** Page size; default 1000, at most 10 000. */
  maxCount?: number;
}

export interface ReadAllPage {
  events: RecordedEvent[];
  /** Pass as `after` to read the next page. */
  nextAfter: number;
  /** No more committed events after this page (at the time of the read). */
  isEnd: boolean;
}

export interface SubscribeOptions extends AllFilter {
  /** Checkpoint: deliver events strictly after this position. Default 0. */
  after?: number;
}

/** The log's head position each time it has grown (see `EventStore.watchHead`); `close()` ends the iteration. */
export interface HeadWatch extends AsyncIterable<number> {
  close(): Promise<void>;
}

/** Catch-up then live; iterate it with `for await`; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
  /** Position of the last event delivered (the caller's checkpoint is authoritative). */
  readonly lastPosition: number;
}

export interface StreamMetadata {
  /** Events with a revision below this are no longer readable from the stream. */
  truncateBefore?: number;
  /** Events older than this many seconds (by recorded time) are no longer readable from the stream. */
  maxAgeSeconds?: number;
}

export interface StreamInfo {
  revision: number | 'no_stream';
  deleted: boolean;
  metadata: StreamMetadata;
}

export interface EventStore {
  readonly backend: 'sqlite' | 'postgres' | 'esdb';
  append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllPage>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /**
   * The log's head, each time it has grown past `after` (default: the head when the watch
   * begins to read): woken by an append through this store, by the server's notification
   * (PostgreSQL, EventStoreDB), or by polling for writers it cannot hear. Reads no events:
   * for a reader that only needs to know there is something new to read, and reads it
   * itself (the projections' wake-up).
   */
  watchHead(options?: { after?: number }): HeadWatch;
  streamInfo(stream: string): Promise<StreamInfo>;
  setStreamMetadata(stream: string, metadata: StreamMetadata): Promise<void>;
  /** Soft delete: the stream reads as empty; appending again recreates it, revisions continue. */
  deleteStream(stream: string, expectedRevision?: ExpectedRevision): Promise<void>;
  /** Position of the last committed event (0 when empty). */
  headPosition(): Promise<number>;
  /** A cheap liveness probe for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
