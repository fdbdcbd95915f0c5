import fc from 'fast-check';
import { DomainError } from './errors';
import { encodeCursor, pageOf } from './paging';

type Row = { sort: string; key: string };
const bySortThenKey = (a: Row, b: Row) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sort = (r: Row) => r.sort;
const key = (r: Row) => r.key;

/** Rows with distinct (sort, key), in that order; sorts repeat so that keys break ties. */
const rows = fc
  .uniqueArray(fc.record({ sort: fc.constantFrom('2025-01-01', '2025-01-02', '2025-01-03'), key: fc.string({ maxLength: 3 }) }), { selector: (r) => `${r.sort}\u0000${r.key}`, maxLength: 40 })
  .map((rs) => rs.sort(bySortThenKey));

function everyPage(all: Row[], limit: number): Row[][] {
  const pages: Row[][] = [];
  let cursor: string | undefined;
  do {
    const page = pageOf(all, { limit, cursor }, sort, key);
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

describe('pageOf', () => {
  it('the pages, followed by their cursors, give every entry once, in order, each page full but the last', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 1, max: 12 }), (all, limit) => {
        const pages = everyPage(all, limit);
        expect(pages.flat()).toEqual(all);
        expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
        expect(pages.at(-1)!.length).toBeLessThanOrEqual(limit);
      }),
    );
  });

  it('a cursor keeps its place when entries are added before or after it: what follows it is what follows it now', () => {
    fc.assert(
      fc.property(rows, rows, fc.integer({ min: 1, max: 5 }), (first, added, limit) => {
        const page = pageOf(first, { limit }, sort, key);
        fc.pre(page.nextCursor !== null);
        const last = page.items.at(-1)!;
        const now = [...first, ...added.filter((a) => !first.some((f) => bySortThenKey(f, a) === 0))].sort(bySortThenKey);
        const next = pageOf(now, { limit: now.length, cursor: page.nextCursor! }, sort, key).items;
        expect(next).toEqual(now.filter((r) => bySortThenKey(r, last) > 0));
      }),
    );
  });

  it('a cursor after the last entry gives an empty page; one the API did not give is a validation error naming the cursor', () => {
    const all = [{ sort: 'a', key: '1' }];
    expect(pageOf(all, { limit: 5, cursor: encodeCursor('b', '') }, sort, key)).toEqual({ items: [], nextCursor: null });
    for (const bad of ['nope', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      let thrown: unknown;
      try {
        pageOf(all, { limit: 5, cursor: bad }, sort, key);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect((thrown as DomainError).violations.map((v) => v.field)).toEqual(['cursor']);
    }
  });
});
