import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../contract/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

// EventStoreDB cannot run on the project's machines (no package, no .NET, no Docker engine):
// the contract runs against it whenever TEST_ESDB_URL names a live server, and is skipped otherwise.
const url = process.env.TEST_ESDB_URL;
const maybe = url ? describe : describe.skip;

maybe('eventstoredb (TEST_ESDB_URL)', () => {
  // ESDB has one $all per server: each test works in its own stream namespace, so the
  // contract's global-log assertions hold only on an otherwise empty server.
  eventStoreContract('eventstoredb', {
    async open(now) {
      return { store: new EsdbEventStore(url!, { now }), url: url! };
    },
  });
  it('connects', async () => {
    const s = new EsdbEventStore(url!);
    await s.append(`probe-${randomUUID()}`, [{ id: randomUUID(), type: 'Probe', data: {}, metadata: { actor: 't', correlationId: 'c', occurredAt: new Date().toISOString() } }], 'no_stream');
    await s.close();
  });
});
