import { loadState, SqliteEventStore } from '@app/event-store';
import { professionalOrder, vendorBreachFacts } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { incidentDecider, incidentStream, OpenIncident } from './incident';

describe('history written by an earlier release still reads', () => {
  it('upcasts IncidentDeclared v1 (no persons.inEU) to v2 when the stream is loaded', async () => {
    const store = new SqliteEventStore(':memory:');
    const { inEU: _dropped, ...v1Persons } = vendorBreachFacts().persons;
    await store.append(
      incidentStream('old'),
      [
        {
          id: randomUUID(),
          type: 'IncidentDeclared',
          schemaVersion: 1,
          data: { incidentId: 'old', organization: professionalOrder, facts: { ...vendorBreachFacts(), persons: v1Persons } },
          metadata: { actor: 'release-0.9', correlationId: 'c', occurredAt: '2023-01-10T15:00:00Z' },
        },
      ],
      'no_stream',
    );
    const { state } = await loadState(store, incidentStream('old'), incidentDecider);
    expect((state as OpenIncident).facts.persons).toEqual({ count: 1756, approximate: false, inQuebec: 1756, inEU: null });
    const stored = await store.readStream(incidentStream('old'));
    expect(stored[0].schemaVersion).toBe(1); // the stored event is never rewritten
    await store.close();
  });
});
