import { deterministicUuid, newId } from '@app/kernel';
import { WrongExpectedRevisionError } from './errors';
import type { EventStore, ExpectedRevision, RecordedEvent } from './types';

/** Who and why, for event metadata: flows from the transport into every event. */
export interface CommandContext {
  actor: string;
  correlationId: string;
  causationId?: string | null;
  /** The caller's Idempotency-Key: makes the command's event ids deterministic, so a re-execution stores nothing new. */
  idempotencyKey?: string;
}

/** The id of a resource created by a command: stable under retries that carry the same Idempotency-Key. */
export function createdId(context: CommandContext): string {
  return newResource(context).id;
}

/**
 * The id of a resource a command creates (see `createdId`), and whether it was minted just
 * now. A minted id is random (UUIDv7: 74 random bits after the time), so no stream bears it
 * yet and the command need not read one (`runDecider`'s `newStream`): on PostgreSQL or
 * EventStoreDB that read is a round trip. An id derived from an Idempotency-Key is not
 * minted: a retry finds the stream its first attempt wrote.
 */
export function newResource(context: CommandContext): { id: string; minted: boolean } {
  if (context.idempotencyKey) return { id: deterministicUuid('vigie:idempotency:created', `${context.actor}|${context.idempotencyKey}`), minted: false };
  return { id: newId(), minted: true };
}

export interface DomainEventLike {
  type: string;
  data: object;
  /** Deterministic id when the writer needs idempotency across retries (e.g. one penalty day). */
  id?: string;
  schemaVersion?: number;
  /** Business time of this event. */
  occurredAt: string;
}

export interface DeciderLike<C, E, S> {
  initialState: () => S;
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  /** How events written by earlier releases are read (see Upcasters). */
  upcasters?: Upcasters;
}

/**
 * Upcasters bring an event written by an earlier release to the current schema:
 * `upcasters[type][fromVersion](data)` returns the data at `fromVersion + 1`.
 */
export type Upcasters = Record<string, Record<number, (data: Record<string, unknown>) => Record<string, unknown>>>;

/** The current data of a stored event: every upcaster from its stored version on, in order. */
export function upcastData(r: RecordedEvent, upcasters: Upcasters | undefined): Record<string, unknown> {
  const chain = upcasters?.[r.type];
  if (!chain) return r.data;
  let data = r.data;
  for (let v = r.schemaVersion; chain[v]; v++) data = chain[v](data);
  return data;
}

/** Builds the domain's view of stored events, upcast to the current schemas. */
export const domainEventsWith =
  <E>(upcasters: Upcasters) =>
  (r: RecordedEvent): E =>
    ({ type: r.type, data: upcastData(r, upcasters), occurredAt: r.metadata.occurredAt, recordedAt: r.metadata.recordedAt }) as unknown as E;

export interface Decided<E> {
  events: E[];
  /** Revision of the stream's last event after the append (or before, if nothing was decided). */
  revision: number | 'no_stream';
  /** Global position of the last event written; a query can wait for it (read-your-writes). */
  position: number | null;
}

/**
 * Load → fold → decide → append with the expected revision. A concurrent writer makes
 * the append fail with WrongExpectedRevisionError (a 409 at the edge), never a lost update.
 *
 * `newStream`: the caller minted the stream's id (`newResource`), so the stream does not
 * exist and is not read: the decision starts from the initial state and the append expects
 * no stream. Should a stream bear the id after all, the store refuses the append
 * (WrongExpectedRevisionError): nothing is overwritten.
 */
export async function runDecider<C, E extends DomainEventLike, S>(
  store: EventStore,
  stream: string,
  decider: DeciderLike<C, E, S>,
  command: C,
  context: CommandContext,
  options: { upcast?: (recorded: RecordedEvent) => E; expectedRevision?: number; newStream?: boolean } = {},
): Promise<Decided<E>> {
  const { state, revision } = options.newStream ? { state: decider.initialState(), revision: 'no_stream' as const } : await loadState(store, stream, decider, options.upcast);
  // A client that read revision N (If-Match) must not overwrite a newer write: 409, never a lost update.
  const read = options.expectedRevision;
  const stale = read !== undefined && read !== revision;
  if (stale && revision !== 'no_stream') throw new WrongExpectedRevisionError(stream, read, revision);
  // A record that does not exist is the decider's "not found", not "changed since you read it".
  const events = decider.decide(command, state);
  if (stale) throw new WrongExpectedRevisionError(stream, read, revision);
  if (events.length === 0) return { events, revision, position: null };
  const expected: ExpectedRevision = revision;
  const result = await store.append(
    stream,
    events.map((e, i) => ({
      id: e.id ?? (context.idempotencyKey ? deterministicUuid('vigie:idempotency:event', `${context.actor}|${context.idempotencyKey}|${stream}|${i}`) : newId()),
      type: e.type,
      schemaVersion: e.schemaVersion ?? 1,
      data: e.data as Record<string, unknown>,
      metadata: { actor: context.actor, correlationId: context.correlationId, causationId: context.causationId ?? null, occurredAt: e.occurredAt },
    })),
    expected,
  );
  return { events, revision: result.nextExpectedRevision, position: result.position };
}

/** The domain's view of a stored event: type, data, business time and recorded time (no upcasting needed). */
export function asDomainEvent<E>(r: RecordedEvent): E {
  return { type: r.type, data: r.data, occurredAt: r.metadata.occurredAt, recordedAt: r.metadata.recordedAt } as unknown as E;
}

export async function loadState<E, S>(
  store: EventStore,
  stream: string,
  decider: Pick<DeciderLike<unknown, E, S>, 'initialState' | 'evolve' | 'upcasters'>,
  upcast?: (recorded: RecordedEvent) => E,
): Promise<{ state: S; revision: number | 'no_stream'; events: RecordedEvent[] }> {
  upcast ??= decider.upcasters ? domainEventsWith<E>(decider.upcasters) : asDomainEvent;
  const recorded = await store.readStream(stream);
  let state = decider.initialState();
  for (const r of recorded) state = decider.evolve(state, upcast(r));
  return { state, revision: recorded.length ? recorded[recorded.length - 1].revision : 'no_stream', events: recorded };
}
