import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import { canonicalEventBody, eventHash, GENESIS, HashedFields, hashedEnvelope } from './integrity';

const text = fc.string({ unit: 'binary', maxLength: 40 }); // any code points, lone surrogates included
const json = fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });

const fields = fc.record({
  streamId: text,
  revision: fc.nat(),
  id: text,
  type: text,
  schemaVersion: fc.integer({ min: 1, max: 1000 }),
  data: json,
  metadata: fc.record({ actor: text, correlationId: text, causationId: fc.option(text, { nil: null }), occurredAt: text, recordedAt: text }),
});

/** The definition: RFC 8785 canonicalization of everything the hash covers. */
const general = (e: HashedFields) => canonicalize(hashedEnvelope(e));

describe('event hashing', () => {
  it('property: the envelope written in canonical order equals RFC 8785 canonicalization of the whole event', () => {
    fc.assert(
      fc.property(fields, (e) => {
        expect(canonicalEventBody(e)).toBe(general(e));
      }),
      { numRuns: 2000 },
    );
  });

  it('a field left undefined is omitted, as canonical JSON omits it', () => {
    const e = { streamId: 's', revision: 0, id: 'i', type: 't', schemaVersion: 1, data: { b: 1, a: [2] }, metadata: { actor: 'a', correlationId: 'c', causationId: undefined as unknown as null, occurredAt: 'o', recordedAt: 'r' } };
    expect(canonicalEventBody(e)).toBe(general(e));
    expect(canonicalEventBody(e)).not.toContain('causationId');
  });

  it('a known event keeps the hash earlier releases stored', () => {
    const e: HashedFields = {
      streamId: 'order-o1',
      revision: 3,
      id: 'b4632e05-4e33-88a8-abc6-fbd14ee1bffa',
      type: 'DailyPenaltyAccrued',
      schemaVersion: 1,
      data: { orderId: 'o1', day: '2021-03-14', amount: { cents: 1_000_000, currency: 'CAD' }, missedDuties: ['measure:m1'] },
      metadata: { actor: 'system:penalty-clock', correlationId: 'penalty-clock-x', causationId: null, occurredAt: '2021-03-15T04:00:00.000Z', recordedAt: '2026-11-30T20:00:00.000Z' },
    };
    // Computed by the release before the envelope was written by hand (canonicalize of the whole event).
    expect(eventHash(GENESIS, e)).toBe('6996787eee2095b77a555ca02ef049f64b06590419ac4c96afc4db3f1dece8a6');
  });
});
