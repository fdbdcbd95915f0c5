import { deterministicUuid, groupedDeterministicUuid, isUuid, newId } from './ids';

const version = (id: string) => id[14];
const variantOk = (id: string) => /^[89ab]$/.test(id[19]);

describe('ids', () => {
  it('new ids are time-ordered UUIDs (version 7): each sorts after the one made before it', () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    for (const id of ids) expect(isUuid(id) && version(id) === '7' && variantOk(id)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('deterministic ids keep the version 5 layout and the values earlier releases stored', () => {
    expect(deterministicUuid('vigie:penalty', 'a/2021-01-01/accrue/1')).toBe('220700b9-fce7-56d5-be3c-4f78941eda97');
    expect(deterministicUuid('vigie:penalty', 'a/2021-01-01/accrue/2')).not.toBe(deterministicUuid('vigie:penalty', 'a/2021-01-01/accrue/1'));
  });

  it('grouped ids are deterministic (version 8), share their first 48 bits within a group, and differ across groups and names', () => {
    const a1 = groupedDeterministicUuid('ns', 'order-a', '2021-01-01');
    const a2 = groupedDeterministicUuid('ns', 'order-a', '2021-01-02');
    const b1 = groupedDeterministicUuid('ns', 'order-b', '2021-01-01');
    expect(groupedDeterministicUuid('ns', 'order-a', '2021-01-01')).toBe(a1);
    expect(groupedDeterministicUuid('vigie:penalty', 'order-a', '2021-01-01/accrue/1')).toBe('b4632e05-4e33-88a8-abc6-fbd14ee1bffa'); // ids already stored never change
    for (const id of [a1, a2, b1]) expect(isUuid(id) && version(id) === '8' && variantOk(id)).toBe(true);
    const prefix = (id: string) => id.replace(/-/g, '').slice(0, 12);
    expect(prefix(a2)).toBe(prefix(a1));
    expect(prefix(b1)).not.toBe(prefix(a1));
    expect(new Set([a1, a2, b1, groupedDeterministicUuid('other', 'order-a', '2021-01-01')]).size).toBe(4);
  });
});
