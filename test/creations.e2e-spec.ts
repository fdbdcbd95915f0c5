import { EVENT_STORE, EventStore } from '@app/event-store';
import { incidentStream } from '@app/incidents';
import { orderStream } from '@app/orders';
import { organizationStream } from '@app/organizations';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest, orderRequest } from './support/requests';

/**
 * A command that creates an organization, an incident or an order under an id Vigie has just
 * minted does not read that id's stream (it cannot exist yet): on PostgreSQL or EventStoreDB
 * each read is a round trip. Under an Idempotency-Key the id comes from the key, and the
 * stream is read: a retry must find what its first attempt wrote.
 */
describe('creations read no stream for the id they mint', () => {
  let t: TestApp;
  let reads: string[];
  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', REMINDERS_ENABLED: 'false', OUTBOX_ENABLED: 'false' });
    const store = t.app.get<EventStore>(EVENT_STORE);
    const readStream = store.readStream.bind(store);
    store.readStream = (stream, options) => (reads.push(stream), readStream(stream, options));
  });
  beforeEach(() => (reads = []));
  afterAll(() => t.close());

  const graphql = async <T>(query: string, input: object) => {
    const r = await t.api.post('/graphql').send({ query, variables: { input } }).expect(200);
    expect(r.body.errors).toBeUndefined();
    return r.body.data as T;
  };
  const organization = { name: 'Promutuel Assurance', sectors: ['insurer'], jurisdictions: ['QC'], privacyOfficer: { name: 'Responsable PRP', email: 'prp@example.org' } };

  it('REST: an organization reads nothing; an incident reads its organization; an order its organization, then itself once to settle its ledger', async () => {
    const orgId = await registerOrganization(t);
    expect(reads).toEqual([]);
    reads = [];
    const incident = (await t.api.post('/api/v1/incidents').send(incidentRequest(orgId)).expect(201)).body;
    expect(reads).toEqual([organizationStream(orgId)]);
    expect((await t.api.get(`/api/v1/incidents/${incident.id}`).expect(200)).body).toMatchObject({ status: 'open', revision: 0 });
    reads = [];
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(orgId)).expect(201)).body;
    expect(reads).toEqual([organizationStream(orgId), orderStream(order.id)]);
  });

  it('GraphQL: the same', async () => {
    const { registerOrganization: org } = await graphql<{ registerOrganization: { id: string } }>('mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }', organization);
    expect(reads).toEqual([]);
    reads = [];
    await graphql('mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }', incidentRequest(org.id));
    expect(reads).toEqual([organizationStream(org.id)]);
    reads = [];
    const { issueOrder } = await graphql<{ issueOrder: { id: string } }>('mutation($input: IssueOrderInput!) { issueOrder(input: $input) { id } }', orderRequest(org.id));
    expect(reads).toEqual([organizationStream(org.id), orderStream(issueOrder.id)]);
  });

  it('under an Idempotency-Key the new stream is read, and the retry answers what the first attempt wrote', async () => {
    const orgId = await registerOrganization(t);
    reads = [];
    const first = (await t.api.post('/api/v1/incidents').set('Idempotency-Key', 'creations-1').send(incidentRequest(orgId)).expect(201)).body;
    expect(reads).toEqual([organizationStream(orgId), incidentStream(first.id)]);
    const again = (await t.api.post('/api/v1/incidents').set('Idempotency-Key', 'creations-1').send(incidentRequest(orgId)).expect(201)).body;
    expect(again).toEqual(first);
  });
});
