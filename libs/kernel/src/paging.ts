import { DomainError } from './errors';

/** A page request: at most `limit` entries after the one `cursor` names (the first page without it). */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

/** Paging by (sort, key): stable under concurrent inserts. The cursor is opaque to callers. */
export const encodeCursor = (sort: string, key: string) => Buffer.from(JSON.stringify([sort, key])).toString('base64url');

export function decodeCursor(cursor: string | undefined): { afterSort?: string; afterKey?: string } {
  if (!cursor) return {};
  try {
    const [afterSort, afterKey] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof afterSort === 'string' && typeof afterKey === 'string') return { afterSort, afterKey };
  } catch {
    /* fall through */
  }
  throw DomainError.validation([{ field: 'cursor', rule: 'cursor', message: { en: 'not a cursor returned by this API', fr: 'n’est pas un curseur fourni par cette API' } }]);
}

/**
 * A page of a list computed in memory, in (sort, key) order: the entries after the cursor's,
 * and the cursor of the last one when more follow. Stable under changes between two pages.
 * `all` must already be in (sort, key) order.
 */
export function pageOf<T>(all: T[], page: PageRequest, sort: (x: T) => string, key: (x: T) => string): { items: T[]; nextCursor: string | null } {
  const { afterSort, afterKey } = decodeCursor(page.cursor);
  const start = afterSort === undefined ? 0 : all.findIndex((x) => sort(x) > afterSort || (sort(x) === afterSort && key(x) > afterKey!));
  const rest = start < 0 ? [] : all.slice(start);
  const items = rest.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rest.length > page.limit ? encodeCursor(sort(last), key(last)) : null };
}
