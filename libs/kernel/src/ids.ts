import { hash } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * A new id: a time-ordered UUID (RFC 9562 version 7; the `uuid` library keeps ids made in
 * the same millisecond in order). Ids made one after the other sort one after the other,
 * so the store's unique index on event ids grows at its end instead of touching a random
 * page per event (bench/store.bench.ts shows what random ids cost as the log grows).
 */
export const newId = (): string => v7();

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID_RE.test(s);

/**
 * SHA-1 of the parts joined by NUL. `crypto.hash` digests a string in one call, at half the
 * cost of a Hash object for inputs this short (a penalty catch-up makes one id per day); the
 * separator is ASCII, so joining first gives the bytes the parts gave one by one.
 */
const sha1 = (...parts: string[]): Buffer => hash('sha1', parts.join('\u0000'), 'buffer') as unknown as Buffer;

const format = (b: Buffer) => {
  const x = b.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
};

/**
 * A deterministic UUID (RFC 9562 version 5 layout, SHA-1 over a namespace and a name):
 * the same inputs always give the same id, which makes retried appends idempotent.
 */
export function deterministicUuid(namespace: string, name: string): string {
  const h = sha1(namespace, name);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  return format(h);
}

/** The recent groups' prefixes (a catch-up makes thousands of ids per group in a row). */
const prefixes = new Map<string, Buffer>();
function groupPrefix(namespace: string, group: string): Buffer {
  const key = `${namespace}\u0000${group}`;
  let p = prefixes.get(key);
  if (!p) {
    if (prefixes.size >= 1024) prefixes.clear();
    prefixes.set(key, (p = sha1(namespace, group)));
  }
  return p;
}

/**
 * A deterministic UUID whose first 48 bits depend on `group` only (RFC 9562 version 8,
 * custom layout): ids of one group — the penalty days of one order — are as deterministic
 * as `deterministicUuid`'s, and they sit side by side in an index, so appending thousands
 * of them touches a few index pages rather than one page each.
 */
export function groupedDeterministicUuid(namespace: string, group: string, name: string): string {
  const prefix = groupPrefix(namespace, group);
  const h = sha1(namespace, group, name);
  prefix.copy(h, 0, 0, 6);
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  return format(h);
}
