import { isIsoInstant } from '@app/kernel';
import { IdempotencyConflictError, InvalidArgumentError } from './errors';
import type { AllFilter, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, StreamMetadata } from './types';

export const MAX_EVENTS_PER_APPEND = 5000;
export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_PAGE = 10_000;
export const DEFAULT_PAGE = 1000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPE_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

const fail = (field: string, rule: string, message: string): never => {
  throw new InvalidArgumentError(field, rule, message);
};

export function checkStream(stream: unknown, field = 'stream'): string {
  if (typeof stream !== 'string' || stream.length === 0) fail(field, 'nonEmptyString', 'must be a non-empty string');
  const s = stream as string;
  if (s.length > 256) fail(field, 'maxLength', 'must be at most 256 characters');
  if (s.startsWith('$')) fail(field, 'reserved', 'names starting with "$" are reserved for the store');
  if (/[\u0000-\u001f]/.test(s)) fail(field, 'printable', 'must not contain control characters');
  return s;
}

export function checkExpected(expected: unknown): ExpectedRevision {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return expected;
  return fail('expectedRevision', 'expectedRevision', 'must be "any", "no_stream", "stream_exists" or a revision ≥ 0');
}

function checkIsoInstant(value: unknown, field: string): string {
  if (!isIsoInstant(value)) fail(field, 'isoInstant', 'must be an ISO 8601 date-time with a time zone offset');
  return value as string;
}

export interface SerializedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  data: string;
  actor: string;
  correlationId: string;
  causationId: string | null;
  occurredAt: string;
}

/** Validates a whole append before anything is written; returns the events serialized. */
export function checkEvents(events: unknown): SerializedEvent[] {
  if (!Array.isArray(events)) fail('events', 'array', 'must be an array of events');
  const list = events as unknown[];
  if (list.length === 0) fail('events', 'nonEmpty', 'must contain at least one event');
  if (list.length > MAX_EVENTS_PER_APPEND) fail('events', 'maxCount', `at most ${MAX_EVENTS_PER_APPEND} events per append`);
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const f = (name: string) => `events[${i}].${name}`;
    if (typeof raw !== 'object' || raw === null) fail(`events[${i}]`, 'object', 'must be an object');
    const e = raw as NewEvent;
    if (typeof e.id !== 'string' || !UUID_RE.test(e.id)) fail(f('id'), 'uuid', 'must be a UUID');
    const id = e.id.toLowerCase();
    if (seen.has(id)) fail(f('id'), 'unique', 'appears twice in the same append');
    seen.add(id);
    if (typeof e.type !== 'string' || !TYPE_RE.test(e.type)) fail(f('type'), 'eventType', 'must start with a letter and use letters, digits, "_", "." or "-" (≤ 128)');
    const schemaVersion = e.schemaVersion ?? 1;
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) fail(f('schemaVersion'), 'positiveInteger', 'must be an integer ≥ 1');
    if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) fail(f('data'), 'object', 'must be a JSON object');
    let data: string;
    try {
      data = JSON.stringify(e.data);
    } catch {
      return fail(f('data'), 'json', 'must be serializable as JSON');
    }
    if (data.includes('\\u0000')) fail(f('data'), 'noNullCharacter', 'must not contain the NUL character (U+0000)');
    if (Buffer.byteLength(data) > MAX_EVENT_BYTES) fail(f('data'), 'maxBytes', `must be at most ${MAX_EVENT_BYTES} bytes as JSON`);
    const m = e.metadata;
    if (typeof m !== 'object' || m === null) fail(f('metadata'), 'object', 'must be an object');
    if (typeof m.actor !== 'string' || m.actor.length === 0 || m.actor.length > 256) fail(f('metadata.actor'), 'nonEmptyString', 'must be a non-empty string (≤ 256)');
    if (typeof m.correlationId !== 'string' || m.correlationId.length === 0 || m.correlationId.length > 128) fail(f('metadata.correlationId'), 'nonEmptyString', 'must be a non-empty string (≤ 128)');
    if (m.causationId != null && (typeof m.causationId !== 'string' || m.causationId.length > 128)) fail(f('metadata.causationId'), 'string', 'must be a string (≤ 128) or null');
    const occurredAt = new Date(checkIsoInstant(m.occurredAt, f('metadata.occurredAt'))).toISOString();
    return {
      id,
      type: e.type,
      schemaVersion,
      data,
      actor: m.actor,
      correlationId: m.correlationId,
      causationId: m.causationId ?? null,
      occurredAt,
    };
  });
}

export function checkReadStream(options: ReadStreamOptions | undefined): Required<Pick<ReadStreamOptions, 'direction'>> & ReadStreamOptions {
  const o = options ?? {};
  if (typeof o !== 'object') fail('options', 'object', 'must be an object');
  const direction = o.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') fail('options.direction', 'enum', 'must be "forwards" or "backwards"');
  if (o.fromRevision !== undefined && (!Number.isSafeInteger(o.fromRevision) || o.fromRevision < 0)) fail('options.fromRevision', 'nonNegativeInteger', 'must be an integer ≥ 0');
  if (o.maxCount !== undefined && (!Number.isSafeInteger(o.maxCount) || o.maxCount < 1)) fail('options.maxCount', 'positiveInteger', 'must be an integer ≥ 1');
  return { ...o, direction };
}

export function checkFilter(o: AllFilter): AllFilter {
  if (o.eventTypes !== undefined) {
    if (!Array.isArray(o.eventTypes) || o.eventTypes.length === 0 || o.eventTypes.some((t) => typeof t !== 'string' || !TYPE_RE.test(t))) {
      fail('options.eventTypes', 'eventTypes', 'must be a non-empty array of event type names');
    }
  }
  if (o.streamPrefix !== undefined && (typeof o.streamPrefix !== 'string' || o.streamPrefix.length === 0)) {
    fail('options.streamPrefix', 'nonEmptyString', 'must be a non-empty string');
  }
  return { eventTypes: o.eventTypes, streamPrefix: o.streamPrefix };
}

export function checkAfter(after: unknown): number {
  if (after === undefined) return 0;
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) fail('options.after', 'nonNegativeInteger', 'must be a position ≥ 0');
  return after as number;
}

export function checkReadAll(options: ReadAllOptions | undefined): Required<Pick<ReadAllOptions, 'after' | 'maxCount'>> & AllFilter {
  const o = options ?? {};
  if (typeof o !== 'object') fail('options', 'object', 'must be an object');
  const maxCount = o.maxCount ?? DEFAULT_PAGE;
  if (!Number.isSafeInteger(maxCount) || maxCount < 1 || maxCount > MAX_PAGE) fail('options.maxCount', 'range', `must be an integer from 1 to ${MAX_PAGE}`);
  return { after: checkAfter(o.after), maxCount, ...checkFilter(o) };
}

export function checkStreamMetadata(m: StreamMetadata): StreamMetadata {
  if (typeof m !== 'object' || m === null) fail('metadata', 'object', 'must be an object');
  const out: StreamMetadata = {};
  for (const key of Object.keys(m)) {
    if (key !== 'truncateBefore' && key !== 'maxAgeSeconds') fail(`metadata.${key}`, 'unknownField', 'is not a stream metadata field');
  }
  if (m.truncateBefore !== undefined) {
    if (!Number.isSafeInteger(m.truncateBefore) || m.truncateBefore < 0) fail('metadata.truncateBefore', 'nonNegativeInteger', 'must be a revision ≥ 0');
    out.truncateBefore = m.truncateBefore;
  }
  if (m.maxAgeSeconds !== undefined) {
    if (!Number.isSafeInteger(m.maxAgeSeconds) || m.maxAgeSeconds < 1) fail('metadata.maxAgeSeconds', 'positiveInteger', 'must be a number of seconds ≥ 1');
    out.maxAgeSeconds = m.maxAgeSeconds;
  }
  return out;
}

/** Compares an expected revision with the stream's state; returns the error's `actual`, or null when it matches. */
export function expectationMismatch(expected: ExpectedRevision, current: number, exists: boolean): number | 'no_stream' | null {
  const actual = exists ? current : current >= 0 ? current : 'no_stream';
  switch (expected) {
    case 'any':
      return null;
    case 'no_stream':
      return exists ? actual : null;
    case 'stream_exists':
      return exists ? null : 'no_stream';
    default:
      return exists && current === expected ? null : actual;
  }
}

/** Idempotency check shared by the SQL adapters: `stored` are rows whose ids match the append's ids. */
export function idempotentOutcome(
  stream: string,
  ids: string[],
  stored: { id: string; streamId: string; revision: number; position: number }[],
): { nextExpectedRevision: number; position: number } | null {
  if (stored.length === 0) return null;
  const byId = new Map(stored.map((s) => [s.id, s]));
  const other = stored.find((s) => s.streamId !== stream);
  if (other) throw new IdempotencyConflictError(stream, [other.id], `event id already stored in stream "${other.streamId}"`);
  if (stored.length !== ids.length) {
    throw new IdempotencyConflictError(stream, stored.map((s) => s.id), `only ${stored.length} of ${ids.length} events were stored before; a retry must resend exactly the same events`);
  }
  const rows = ids.map((id) => byId.get(id)!);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].revision !== rows[i - 1].revision + 1) {
      throw new IdempotencyConflictError(stream, ids, 'the events were stored in another order');
    }
  }
  const last = rows[rows.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position };
}

