import { EVENT_STORE, EventStore } from '@app/event-store';
import { ClientError, GraphQLClient, gql } from 'graphql-request';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getMetadataStorage } from 'class-validator';
import { isInputObjectType, isInterfaceType, isNonNullType, isObjectType, isSpecifiedScalarType } from 'graphql';
import type { AddressInfo } from 'node:net';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { orderRequest } from './support/requests';

/** GraphQL over HTTP with a stock client (graphql-request), against the real server on a local port. */
describe('GraphQL at /graphql', () => {
  let t: TestApp;
  let url: string;
  let orgId: string;
  let admin: GraphQLClient;

  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', REMINDERS_ENABLED: 'false' }); // no background writer: tests read the log's head
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    admin = new GraphQLClient(url, { headers: { Authorization: `Bearer ${await t.token({ role: 'admin', sub: 'user:gql-admin' })}` } });
    orgId = await registerOrganization(t);
  });
  afterAll(() => t.close());

  const client = async (claims: Parameters<TestApp['token']>[0], lang = 'en') => new GraphQLClient(url, { headers: { Authorization: `Bearer ${await t.token(claims)}`, 'Accept-Language': lang } });
  const errorOf = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (e instanceof ClientError) return e.response.errors![0];
      throw e;
    }
    throw new Error('expected a GraphQL error');
  };

  const DECLARE = gql`
    mutation Declare($input: DeclareIncidentInput!) {
      declareIncident(input: $input) { id revision position }
    }
  `;
  const input = (organizationId: string) => ({
    organizationId,
    kind: 'confidentiality',
    title: 'Clé USB perdue',
    description: 'Liste de membres',
    origin: { type: 'human_error' },
    occurred: { from: '2026-11-20T08:00:00-05:00', approximate: false },
    awareAt: '2026-11-20T10:00:00-05:00',
    personalInformation: { categories: ['name', 'email'] },
    persons: { count: 40, approximate: false, inQuebec: 40 },
    systems: { affected: ['usb key'], servicesDown: false },
  });

  it('a mutation dispatches the same command as REST, and queries read it back', async () => {
    const officer = await client({ role: 'compliance_officer', orgs: [orgId], sub: 'user:gql-officer' });
    const r = await officer.request<{ declareIncident: { id: string; position: number } }>(DECLARE, { input: input(orgId) });
    expect(r.declareIncident).toMatchObject({ revision: 0, position: expect.any(Number) });
    const detail = await officer.request<{ incident: { title: string; obligations: { id: string; status: string; deadlineBasis: string }[] } }>(
      gql`query($id: ID!) { incident(id: $id) { title obligations { id status deadlineBasis targetNote } } }`,
      { id: r.declareIncident.id },
    );
    expect(detail.incident.title).toBe('Clé USB perdue');
    expect(detail.incident.obligations.map((o) => o.id)).toEqual(['qc.register', 'qc.assess-risk']);
    await t.api.get(`/api/v1/incidents?minPosition=${r.declareIncident.position}`).expect(200);
    const status = await officer.request<{ complianceStatus: { status: string; reasons: { code: string }[] } }>(gql`query($o: ID!) { complianceStatus(organizationId: $o) { status reasons { code message } } }`, { o: orgId });
    expect(['at_risk', 'non_compliant']).toContain(status.complianceStatus.status);
    const reg = await officer.request<{ register: { incidentId: string; personsConcerned: number }[] }>(gql`query($o: ID!) { register(organizationId: $o) { incidentId personsConcerned informationConcerned status lastUpdated retentionUntil retentionNote publicNoticeAt publicNoticeWhy personsNoticeDeferredSince personsNoticeDeferral } }`, { o: orgId });
    const [entry] = (await t.api.get(`/api/v1/register?organizationId=${orgId}`).expect(200)).body.entries;
    expect(reg.register).toEqual([
      expect.objectContaining({
        incidentId: r.declareIncident.id,
        personsConcerned: 40,
        status: 'open',
        lastUpdated: entry.lastUpdated,
        retentionUntil: entry.retentionUntil,
        retentionNote: entry.retentionNote.en,
        publicNoticeAt: null,
        publicNoticeWhy: null,
        personsNoticeDeferredSince: null,
        personsNoticeDeferral: null,
      }),
    ]);
  });

  it('an incident says, as REST does and in the caller’s language, which rule packs and rules apply and why, and how long its records are kept', async () => {
    const fr = await client({ role: 'admin' }, 'fr-CA');
    const { declareIncident } = await admin.request<{ declareIncident: { id: string } }>(DECLARE, { input: input(orgId) });
    type Detail = { incident: { obligations: { ruleId: string; deadlineFrom: string }[]; rulePacks: { rulePackId: string; applies: boolean; reason: string; rules: { ruleId: string; applies: boolean; reason: string }[] }[]; retention: { rulePackId: string; until: string; confirmed: boolean; note: string }[] } };
    const q = gql`query($id: ID!) { incident(id: $id) { obligations { ruleId deadlineFrom } rulePacks { rulePackId applies reason rules { ruleId applies reason } } retention { rulePackId until confirmed note } } }`;
    const { incident } = await fr.request<Detail>(q, { id: declareIncident.id });
    const rest = (await t.api.get(`/api/v1/incidents/${declareIncident.id}`).expect(200)).body;
    expect(incident.rulePacks).toEqual(
      rest.rulePacks.map((p: { rulePackId: string; applies: boolean; reason: { fr: string }; rules: { ruleId: string; applies: boolean; reason: { fr: string } }[] }) => ({
        rulePackId: p.rulePackId,
        applies: p.applies,
        reason: p.reason.fr,
        rules: p.rules.map((r) => ({ ruleId: r.ruleId, applies: r.applies, reason: r.reason.fr })),
      })),
    );
    const law25 = incident.rulePacks.find((p) => p.rulePackId === 'qc-p39.1')!;
    expect(law25.rules.find((r) => r.ruleId === 'qc.notify-cai')).toEqual({ ruleId: 'qc.notify-cai', applies: false, reason: expect.stringMatching(/^Ne s’applique pas : .*pas encore été évalué/) });
    expect(incident.obligations).toEqual([{ ruleId: 'qc.register', deadlineFrom: 'awareAt' }, { ruleId: 'qc.assess-risk', deadlineFrom: 'awareAt' }]);
    expect(incident.retention).toEqual([{ rulePackId: 'qc-p39.1', until: '2031-11-20', confirmed: false, note: rest.retention[0].note.fr }]);
    expect(incident.retention[0].note).toMatch(/^Registre conservé au moins 5 ans/);
  });

  it('errors carry extensions.code and name the failing fields, in French when asked', async () => {
    const fr = await client({ role: 'admin' }, 'fr-CA');
    const bad = await errorOf(fr.request(DECLARE, { input: { ...input(orgId), awareAt: '2026-02-30T10:00:00-05:00', persons: { count: -1, approximate: false } } }));
    expect(bad.extensions).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect((bad.extensions!.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['awareAt', 'persons.count']);
    expect(bad.message).toMatch(/^Données invalides/);
    const unknown = await errorOf(admin.request(gql`query { incident(id: "0b0c2a44-6d5e-4c2f-8f7a-1a2b3c4d5e6f") { title } }`));
    expect(unknown.extensions).toMatchObject({ code: 'INCIDENT_NOT_FOUND', status: 404 });
  });

  it('is guarded like REST: no token is UNAUTHENTICATED, an auditor cannot write, a foreign organization is FORBIDDEN', async () => {
    const anonymous = new GraphQLClient(url);
    expect((await errorOf(anonymous.request(gql`query { obligations { total } }`))).extensions?.code).toBe('UNAUTHENTICATED');
    const auditor = await client({ role: 'auditor', orgs: [orgId] });
    expect((await errorOf(auditor.request(DECLARE, { input: input(orgId) }))).extensions?.code).toBe('FORBIDDEN');
    const stranger = await client({ role: 'compliance_officer', orgs: ['6f1c1f50-5a0e-4d53-9d1e-0b6f4f3a1a11'] });
    expect((await errorOf(stranger.request(DECLARE, { input: input(orgId) }))).extensions?.code).toBe('FORBIDDEN');
    expect((await errorOf(stranger.request(gql`query($o: ID!) { register(organizationId: $o) { incidentId } }`, { o: orgId }))).extensions?.code).toBe('FORBIDDEN');
  });

  it('changes an organization’s profile like REST: the whole profile and a reason, guarded by expectedRevision', async () => {
    const CHANGE = gql`
      mutation Change($id: ID!, $input: ChangeOrganizationProfileInput!, $rev: Int) {
        changeOrganizationProfile(organizationId: $id, input: $input, expectedRevision: $rev) { id revision }
      }
    `;
    const id = await registerOrganization(t, { name: 'Caisse populaire' });
    const input = { name: 'Caisse populaire', sectors: ['professional_order'], jurisdictions: ['QC'], privacyOfficer: { name: 'Julie Gagnon', email: 'julie@example.org' }, reason: 'Nouvelle responsable' };
    expect(await admin.request(CHANGE, { id, input, rev: 0 })).toEqual({ changeOrganizationProfile: { id, revision: 1 } });
    expect((await t.api.get(`/api/v1/organizations/${id}`).expect(200)).body.privacyOfficer).toEqual({ name: 'Julie Gagnon', email: 'julie@example.org' });
    expect((await errorOf(admin.request(CHANGE, { id, input: { ...input, name: 'Autre' }, rev: 0 }))).extensions?.code).toBe('CONCURRENCY_CONFLICT');
    expect((await errorOf(admin.request(CHANGE, { id, input: { ...input, reason: '' } }))).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'reason' })] });
  });

  it('refuses queries that are too deep or too complex', async () => {
    const deep = `query { __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }`; // 9 levels
    expect((await errorOf(admin.request(deep))).extensions?.code).toBe('QUERY_TOO_DEEP');
    const wide = `query { ${Array.from({ length: 120 }, (_, i) => `a${i}: obligations { items { when organizationId incidentId incidentTitle } }`).join(' ')} }`;
    expect((await errorOf(admin.request(wide))).extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('a request holds at most 4 computed answers or 19 commands, however they are aliased; one more is refused before anything runs', async () => {
    const aliased = (n: number, field: string) => `query { ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    const compliance = `complianceStatus(organizationId: "${orgId}") { status }`;
    expect(Object.keys(await admin.request<Record<string, unknown>>(aliased(4, compliance)))).toHaveLength(4);
    // Each costs 100, and 1 for each field it selects: five are 505, past the budget of 500.
    expect(await errorOf(admin.request(aliased(5, compliance)))).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 505, limit: 500 } });
    expect(await errorOf(admin.request(aliased(60, `exposure(id: "${orgId}") { daysAccrued }`)))).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 6060 } });
    const store = t.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const declares = (n: number) => `mutation { ${Array.from({ length: n }, (_, i) => `d${i}: declareIncident(input: $input) { id }`).join(' ')} }`.replace('mutation {', 'mutation($input: DeclareIncidentInput!) {');
    // A command costs 25, and 1 for the field it selects: twenty are 520.
    expect(await errorOf(admin.request(declares(20), { input: input(orgId) }))).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 520 } });
    expect(await store.headPosition()).toBe(head); // none of the twenty ran
    expect(Object.keys(await admin.request<Record<string, unknown>>(declares(19), { input: input(orgId) }))).toHaveLength(19);
  });

  it('a variable of the wrong type, or a required one missing, is the caller’s 400 BAD_USER_INPUT (the complexity estimate read it first, and answered 500)', async () => {
    const query = 'query($l: Int) { incidents(limit: $l) { items { id } } }';
    for (const variables of [{ l: 'abc' }, { l: 1.5 }, { l: { n: 1 } }]) {
      const r = await t.api.post('/graphql').send({ query, variables }).expect(400);
      expect(r.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Variable "\$l" got invalid value/), extensions: { code: 'BAD_USER_INPUT' } })]);
    }
    const missing = await t.api.post('/graphql').send({ query: 'query($o: ID!) { register(organizationId: $o) { incidentId } }' }).expect(400);
    expect(missing.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('Apollo’s own refusals (no query, variables not an object, a persisted query, a subscription) carry a code, in the caller’s language, never a server error', async () => {
    const cases: [body: object, status: number, code: string, french: RegExp][] = [
      [{ query: '' }, 400, 'BAD_REQUEST', /^Requête GraphQL mal formée : GraphQL operations must contain a non-empty `query`/],
      [{ query: '{ __typename }', variables: '{"a":1}' }, 400, 'BAD_REQUEST', /^Requête GraphQL mal formée : `variables` in a POST body should be provided as an object/],
      [{ query: '{ __typename }', operationName: 5 }, 400, 'BAD_REQUEST', /^Requête GraphQL mal formée : `operationName`/],
      [{ query: 'subscription { incidents { items { id } } }' }, 400, 'SUBSCRIPTIONS_NOT_OFFERED', /^Vigie n’offre pas d’abonnements GraphQL/],
      // Persisted queries are not kept (a hash that matched no query was a server error); Apollo answers these with 200.
      [{ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }, 200, 'PERSISTED_QUERY_NOT_SUPPORTED', /^Les requêtes persistées ne sont pas prises en charge/],
    ];
    for (const [body, status, code, french] of cases) {
      const fr = await t.api.post('/graphql').set('Accept-Language', 'fr-CA').send(body).expect(status);
      expect(fr.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(french), extensions: { code } })]);
      expect(fr.headers['content-language']).toBe('fr');
      const en = await t.api.post('/graphql').set('Accept-Language', 'en').send(body).expect(status);
      expect(en.body.errors).toEqual([expect.objectContaining({ message: expect.not.stringMatching(/Requête|requête|Vigie n’offre/), extensions: { code } })]);
    }
  });

  it('a NUL character in a string literal of the query is refused naming the field, as in a JSON body (it reached the store, which named its own event)', async () => {
    const literal = (name: string) => `mutation { registerOrganization(input: { name: "${name}", sectors: ["insurer"], jurisdictions: ["QC"], privacyOfficer: { name: "a", email: "a@b.ca" } }) { id } }`;
    const store = t.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const r = await t.api.post('/graphql').set('Accept-Language', 'fr').send({ query: literal('X\\u0000Y') }).expect(200);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'name', rule: 'noNullCharacter', message: 'ne doit pas contenir le caractère NUL (U+0000)' }] });
    expect(await store.headPosition()).toBe(head);
  });

  it('speaks French about protocol errors too (unreadable, not in the schema, too deep, too complex), codes unchanged', async () => {
    const fr = await client({ role: 'admin', sub: 'user:gql-fr' }, 'fr');
    const en = await client({ role: 'admin', sub: 'user:gql-en' }, 'en');
    const cases: [query: string, code: string, french: RegExp][] = [
      ['query { organizations {', 'GRAPHQL_PARSE_FAILED', /^Requête GraphQL illisible : Syntax Error/],
      ['query { nope }', 'GRAPHQL_VALIDATION_FAILED', /^Requête non conforme au schéma GraphQL : Cannot query field "nope" on type "Query"/],
      ['query($l: Int!) { incidents(limit: $l) { items { id } } }', 'BAD_USER_INPUT', /^Valeur d’argument invalide : Variable "\$l" of required type "Int!" was not provided\.$/],
      [`query { __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }`, 'QUERY_TOO_DEEP', /^La requête est imbriquée sur 9 niveaux ; la limite est de 8$/],
      [`query { ${Array.from({ length: 120 }, (_, i) => `a${i}: obligations { items { when organizationId incidentId incidentTitle } }`).join(' ')} }`, 'QUERY_TOO_COMPLEX', /^La complexité de la requête \(\d+\) dépasse la limite de 500$/],
    ];
    for (const [query, code, french] of cases) {
      const f = await errorOf(fr.request(query));
      expect({ code: f.extensions?.code, message: f.message }).toEqual({ code, message: expect.stringMatching(french) });
      expect(f.extensions).not.toHaveProperty('i18n');
      const e = await errorOf(en.request(query));
      expect({ code: e.extensions?.code, message: e.message }).toEqual({ code, message: expect.not.stringMatching(/Requête|requête/) });
    }
  });
  it('describes every query and mutation in English and French', async () => {
    const r = await admin.request<{ __schema: { queryType: { fields: { name: string; description: string | null }[] }; mutationType: { fields: { name: string; description: string | null }[] } } }>(
      gql`{ __schema { queryType { fields { name description } } mutationType { fields { name description } } } }`,
    );
    const fields = [...r.__schema.queryType.fields, ...r.__schema.mutationType.fields];
    expect(fields.length).toBeGreaterThanOrEqual(30);
    const bad = fields.filter((f) => {
      const [en, fr, ...rest] = (f.description ?? '').split(' / ');
      return !en?.trim() || !fr?.trim() || rest.length > 0 || en === fr;
    });
    expect(bad.map((f) => `${f.name}: ${f.description}`)).toEqual([]);
  });

  it('says every description of the schema (types, fields, arguments, inputs) in English and French', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const described: [string, string][] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      if (type.description) described.push([type.name, type.description]);
      if (!isObjectType(type) && !isInputObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.description) described.push([`${type.name}.${field.name}`, field.description]);
        for (const arg of 'args' in field ? field.args : []) if (arg.description) described.push([`${type.name}.${field.name}(${arg.name})`, arg.description]);
      }
    }
    expect(described.length).toBeGreaterThanOrEqual(120);
    const oneLanguage = described.filter(([, d]) => {
      const [en, fr, ...rest] = d.split(' / ');
      return !en?.trim() || !fr?.trim() || rest.length > 0 || en === fr;
    });
    expect(oneLanguage.map(([where, d]) => `${where}: ${d}`)).toEqual([]);
  });

  it('marks as nullable exactly the input fields validation lets go missing', () => {
    type Meta = { propertyName: string; type: string };
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<new () => unknown, Meta[]>; getTargetValidationMetadatas(target: new () => unknown, schema: string, always: boolean, strict: boolean): Meta[] };
    const schema = t.app.get(GraphQLSchemaHost).schema;
    // Each input type is its request class under another name: MeasureDto is MeasureInput.
    const classes = new Map([...storage.validationMetadatas.keys()].map((target) => [`${target.name.replace(/Dto$/, '')}Input`, target]));
    const mismatches: string[] = [];
    let checked = 0;
    for (const type of Object.values(schema.getTypeMap()).filter(isInputObjectType)) {
      const target = classes.get(type.name);
      if (!target) {
        mismatches.push(`${type.name}: no request class`);
        continue;
      }
      const metas = storage.getTargetValidationMetadatas(target, '', true, false);
      for (const field of Object.values(type.getFields())) {
        checked++;
        const optional = metas.some((m) => m.propertyName === field.name && m.type === 'conditionalValidation');
        const nullable = !isNonNullType(field.type);
        if (optional !== nullable) mismatches.push(`${type.name}.${field.name}: ${optional ? 'may be missing' : 'must be present'}, typed ${String(field.type)}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  });

  it('takes expectedRevision on every mutation of an existing incident or order, as REST takes If-Match, and refuses a stale one', async () => {
    const r = await admin.request<{ __schema: { mutationType: { fields: { name: string; args: { name: string }[] }[] } } }>(gql`{ __schema { mutationType { fields { name args { name } } } } }`);
    const onRecord = r.__schema.mutationType.fields.filter((f) => f.args.some((a) => a.name === 'id'));
    expect(onRecord.length).toBeGreaterThanOrEqual(16);
    expect(onRecord.filter((f) => !f.args.some((a) => a.name === 'expectedRevision')).map((f) => f.name)).toEqual([]);
    const incident = (await admin.request<{ declareIncident: { id: string } }>(DECLARE, { input: input(orgId) })).declareIncident.id;
    const CONTAIN = gql`mutation($id: ID!, $rev: Int) { containIncident(id: $id, input: { containedAt: "2026-11-21T10:00:00-05:00" }, expectedRevision: $rev) { revision } }`;
    expect((await errorOf(admin.request(CONTAIN, { id: incident, rev: 3 }))).extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', status: 409 });
    expect(await admin.request(CONTAIN, { id: incident, rev: 0 })).toEqual({ containIncident: { revision: 1 } });
  });

  it('reviews a measure and amends an order’s due dates, as REST does', async () => {
    // Issued today with a measure due 2021-03-12 and never completed: recording it accrued every day since.
    const issued = (await t.api.post('/api/v1/orders').send(orderRequest(orgId)).expect(201)).body as { id: string; revision: number };
    const order = issued.id;
    const AMEND = gql`mutation($id: ID!, $rev: Int) { amendOrder(id: $id, input: { measureId: "internal-controls", newDueOn: "2021-04-30", reference: "AMF — prolongation" }, expectedRevision: $rev) { revision } }`;
    const revision = async () => Number((await t.api.get(`/api/v1/orders/${order}`).expect(200)).headers.etag.replace(/"/g, ''));
    expect(issued.revision).toBe(await revision());
    expect((await errorOf(admin.request(AMEND, { id: order, rev: 0 }))).extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', status: 409 });
    // The mutation answers the revision the next conditional write sends: past the days the amendment reversed (13 March to 30 April).
    expect(await admin.request(AMEND, { id: order, rev: issued.revision })).toEqual({ amendOrder: { revision: await revision() } });
    await t.api.post(`/api/v1/orders/${order}/measures/internal-controls/completion`).send({ completedAt: '2021-04-20T10:00:00-04:00', evidence: 'Rapport' }).expect(201);
    const REVIEW = gql`mutation($id: ID!) { reviewCorrectiveMeasure(id: $id, measureId: "internal-controls", input: { decision: "accepted", reason: "Conforme", reviewedAt: "2021-05-10T10:00:00-04:00" }) { revision } }`;
    expect(await admin.request(REVIEW, { id: order })).toEqual({ reviewCorrectiveMeasure: { revision: await revision() } });
    const history = (await t.api.get(`/api/v1/audit/streams/order-${order}?limit=5000`).expect(200)).body;
    expect(history.nextRevision).toBeNull(); // one page: the whole stream
    const types = (history.events as { type: string }[]).map((e) => e.type);
    expect(types.filter((x) => !x.startsWith('DailyPenalty') && x !== 'PenaltyAccrualReversed')).toEqual(['RegulatorOrderIssued', 'OrderAmended', 'CorrectiveMeasureCompleted', 'CorrectiveMeasureReviewed']);
    // Every day accrued was reversed once the due date moved past the completion: nothing is owed.
    expect(types.filter((x) => x === 'PenaltyAccrualReversed').length).toBe(types.filter((x) => x === 'DailyPenaltyAccrued').length);
  });

  it('cancels a payment recorded in error, as REST does, by its number', async () => {
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(orgId, { issuedAt: '2026-10-01T10:00:00-04:00', measures: [{ id: 'controls', description: 'Contrôles', dueOn: '2026-11-15' }] })).expect(201)).body.id;
    await t.api.post('/api/v1/penalty-clock/runs').expect(200);
    await t.api.post(`/api/v1/orders/${order}/payments`).send({ amountCents: 1_000_000, currency: 'CAD', paidAt: '2026-11-22T09:00:00-05:00', reference: 'Chèque 42' }).expect(201);
    const CANCEL = gql`mutation($id: ID!, $n: Int!) { cancelPenaltyPayment(id: $id, payment: $n, input: { reason: "Chèque sans provision" }) { revision } }`;
    expect((await errorOf(admin.request(CANCEL, { id: order, n: 2 }))).extensions).toMatchObject({ code: 'PAYMENT_NOT_FOUND', status: 404 });
    await admin.request(CANCEL, { id: order, n: 1 });
    const { exposure } = await admin.request<{ exposure: { paid: { cents: number } } }>(gql`query($id: ID!) { exposure(id: $id) { paid { cents } } }`, { id: order });
    expect(exposure.paid.cents).toBe(0);
  });

  it('gives an organization’s penalty exposure over all its orders as REST does, in the caller’s language, for its staff only', async () => {
    const org = await registerOrganization(t);
    const orders: string[] = [];
    for (const dueOn of ['2026-11-10', '2026-11-20']) orders.push((await t.api.post('/api/v1/orders').send(orderRequest(org, { issuedAt: '2026-10-01T10:00:00-04:00', measures: [{ id: 'controls', description: 'Contrôles', dueOn }] })).expect(201)).body.id);
    await t.api.post('/api/v1/penalty-clock/runs').expect(200);
    await t.api.post(`/api/v1/orders/${orders[0]}/payments`).send({ amountCents: 1_000_000, currency: 'CAD', paidAt: '2026-11-22T09:00:00-05:00', reference: 'Chèque 7' }).expect(201);
    const asOf = (await t.api.get(`/api/v1/organizations/${org}/exposure`).expect(200)).body.asOf as string;
    const rest = (await t.api.get(`/api/v1/organizations/${org}/exposure?asOf=${encodeURIComponent(asOf)}`).expect(200)).body;
    const QUERY = gql`query($org: ID!, $asOf: String) { organizationExposure(organizationId: $org, asOf: $asOf) { organizationId asOf orders nonCompliantOrders daysCounted accrued { cents fr } paid { cents } outstanding { cents en fr } byOrder { orderId daysCounted outstanding { cents } dayCountingRule } } }`;
    const officer = await client({ role: 'compliance_officer', orgs: [org], sub: 'user:gql-exposure' }, 'fr');
    const { organizationExposure: e } = await officer.request<{ organizationExposure: { orders: number; daysCounted: number; accrued: { cents: number }; paid: { cents: number }; outstanding: { cents: number; en: string; fr: string }; byOrder: { orderId: string; daysCounted: number; outstanding: { cents: number }; dayCountingRule: string }[] } }>(QUERY, { org, asOf });
    expect(e).toMatchObject({ organizationId: org, asOf, orders: 2, nonCompliantOrders: rest.nonCompliantOrders, daysCounted: rest.daysCounted });
    expect([e.accrued.cents, e.paid.cents, e.outstanding.cents]).toEqual([rest.accrued.cents, 1_000_000, rest.outstanding.cents]);
    expect(e.outstanding.cents).toBe(e.accrued.cents - 1_000_000);
    expect(e.daysCounted).toBeGreaterThan(0);
    expect(e.outstanding.fr).toBe(rest.outstanding.display.fr);
    expect(e.byOrder.map((o) => [o.orderId, o.daysCounted, o.outstanding.cents])).toEqual(rest.byOrder.map((o: { orderId: string; daysCounted: number; outstanding: { cents: number } }) => [o.orderId, o.daysCounted, o.outstanding.cents]));
    expect(e.byOrder[0].dayCountingRule).toMatch(/hypothèse/);
    const stranger = await client({ role: 'compliance_officer', orgs: [orgId], sub: 'user:gql-elsewhere' });
    expect((await errorOf(stranger.request(QUERY, { org, asOf }))).extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers auditors as REST does: an incident, an order, the register and the compliance status as of a business time, a recorded time or a position', async () => {
    const org = await registerOrganization(t, { name: 'Audit GraphQL' });
    const declared = (await admin.request<{ declareIncident: { id: string; position: number } }>(DECLARE, { input: input(org) })).declareIncident;
    const auditor = await client({ role: 'auditor', orgs: [org], sub: 'user:gql-auditor' }, 'fr');
    const INCIDENT = gql`query($id: ID!, $basis: String, $at: String) { incidentAsOf(id: $id, basis: $basis, at: $at) { moment { basis at judgedAt } existed eventsIncluded eventsTotal incident { title status } obligations { id status title } rulePacks { rulePackId applies } } }`;
    type IncidentAsOf = { incidentAsOf: { moment: { basis: string; at: string; judgedAt: string }; existed: boolean; eventsIncluded: number; incident: { title: string } | null; obligations: { id: string; status: string; title: string }[] } };
    // Before awareness (business) nothing was true yet; after, its obligations, judged then, in French.
    const before = await auditor.request<IncidentAsOf>(INCIDENT, { id: declared.id, basis: 'business', at: '2026-11-20T09:00:00-05:00' });
    expect(before.incidentAsOf).toMatchObject({ existed: false, eventsIncluded: 0, incident: null, obligations: [] });
    const after = await auditor.request<IncidentAsOf>(INCIDENT, { id: declared.id, basis: 'business', at: '2026-11-21T12:00:00-05:00' });
    expect(after.incidentAsOf).toMatchObject({ moment: { basis: 'business', at: '2026-11-21T17:00:00.000Z', judgedAt: '2026-11-21T17:00:00.000Z' }, existed: true, incident: { title: 'Clé USB perdue' } });
    expect(after.incidentAsOf.obligations.map((o) => o.id)).toEqual(['qc.register', 'qc.assess-risk']);
    expect(after.incidentAsOf.obligations[0].title).toMatch(/^Consigner/);
    // By position: the log as it stood just before, and at, the declaration.
    const atPosition = (p: number) => auditor.request<IncidentAsOf>(INCIDENT, { id: declared.id, basis: 'position', at: String(p) });
    expect((await atPosition(declared.position - 1)).incidentAsOf.existed).toBe(false);
    expect((await atPosition(declared.position)).incidentAsOf).toMatchObject({ existed: true, moment: { basis: 'position', at: String(declared.position) } });
    // Recorded: what Vigie knew before anything was entered.
    expect((await auditor.request<IncidentAsOf>(INCIDENT, { id: declared.id, basis: 'recorded', at: '2026-01-01T00:00:00Z' })).incidentAsOf.existed).toBe(false);

    const REGISTER = gql`query($o: ID!, $basis: String, $at: String) { registerAsOf(organizationId: $o, basis: $basis, at: $at) { moment { basis } organizationName entries { incidentId personsConcerned } } }`;
    // The register as it stood holds what had been entered in it by then (declared on 2026-11-22 at 10:00, Montreal).
    const register = (at: string) => auditor.request<{ registerAsOf: { organizationName: string; entries: { incidentId: string }[] } }>(REGISTER, { o: org, basis: 'business', at });
    expect((await register('2026-11-22T09:59:00-05:00')).registerAsOf).toEqual({ moment: { basis: 'business' }, organizationName: 'Audit GraphQL', entries: [] });
    expect((await register('2026-11-22T10:00:00-05:00')).registerAsOf.entries).toEqual([{ incidentId: declared.id, personsConcerned: 40 }]);
    const COMPLIANCE = gql`query($o: ID!, $basis: String, $at: String) { complianceAsOf(organizationId: $o, basis: $basis, at: $at) { moment { basis judgedAt } status { status overdueObligations reasons { code } } } }`;
    const late = await auditor.request<{ complianceAsOf: { status: { status: string; overdueObligations: number } } }>(COMPLIANCE, { o: org, basis: 'business', at: '2026-11-22T10:00:00-05:00' });
    expect(late.complianceAsOf).toMatchObject({ moment: { basis: 'business', judgedAt: '2026-11-22T15:00:00.000Z' }, status: { status: 'non_compliant', overdueObligations: 1 } });

    const order = (await t.api.post('/api/v1/orders').send(orderRequest(org)).expect(201)).body.id;
    const ORDER = gql`query($id: ID!, $basis: String, $at: String) { orderAsOf(id: $id, basis: $basis, at: $at) { existed status reference exposure { daysCounted pendingDays firstDay outstanding { cents fr } dayCountingRule } } }`;
    const o = await auditor.request<{ orderAsOf: { existed: boolean; exposure: { daysCounted: number; pendingDays: number; outstanding: { cents: number; fr: string }; dayCountingRule: string } } }>(ORDER, { id: order, basis: 'business', at: '2021-03-20T12:00:00-04:00' });
    // Due 2021-03-12, not completed: 13 to 19 March had ended by the 20th, 7 days accrued (when the order was recorded, in 2026, each dated its own day).
    expect(o.orderAsOf).toMatchObject({ existed: true, status: 'issued', exposure: { daysCounted: 7, pendingDays: 0, outstanding: { cents: 7_000_000, fr: '70\u00a0000\u00a0$' } } });
    expect(o.orderAsOf.exposure.dayCountingRule).toMatch(/hypothèse/);

    // Bad moments name the argument; another organization's auditor is refused.
    expect((await errorOf(auditor.request(INCIDENT, { id: declared.id, basis: 'yesterday' }))).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'basis' })] });
    expect((await errorOf(auditor.request(INCIDENT, { id: declared.id, basis: 'position', at: '2026-11-21' }))).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'at' })] });
    const stranger = await client({ role: 'auditor', orgs: [orgId] });
    expect((await errorOf(stranger.request(REGISTER, { o: org }))).extensions?.code).toBe('FORBIDDEN');
    expect((await errorOf(stranger.request(INCIDENT, { id: declared.id }))).extensions?.code).toBe('FORBIDDEN');
  });
  it('reads organizations and an order with the revision a conditional mutation sends back', async () => {
    const org = await registerOrganization(t, { name: 'Fédération GraphQL', sectors: ['financial_services_cooperative'], quebecBusinessNumber: '1234567890' });
    const officer = await client({ role: 'compliance_officer', orgs: [org], sub: 'user:gql-orders' });
    const list = await officer.request<{ organizations: { items: { id: string; name: string }[] } }>(gql`{ organizations { items { id name sectors jurisdictions } } }`);
    expect(list.organizations.items).toEqual([{ id: org, name: 'Fédération GraphQL', sectors: ['financial_services_cooperative'], jurisdictions: ['QC'] }]);
    const one = await officer.request<{ organization: { revision: number; quebecBusinessNumber: string; privacyOfficerEmail: string } }>(gql`query($id: ID!) { organization(id: $id) { revision quebecBusinessNumber privacyOfficerEmail } }`, { id: org });
    expect(one.organization).toEqual({ revision: 0, quebecBusinessNumber: '1234567890', privacyOfficerEmail: 'prp@example.org' });

    const issued = (await t.api.post('/api/v1/orders').send(orderRequest(org, { reportingDuties: [{ id: 'governance', description: 'Reddition', dueOn: ['2021-06-30'] }] })).expect(201)).body as { id: string; revision: number };
    const id = issued.id;
    const ORDER = gql`query($id: ID!) { order(id: $id) { reference status revision measures { id dueOn completedAt review } reportingDuties { id dueOn submittedAt } nonCompliance { total open } exposure { pendingDays daysCounted } }
      orderNonCompliance(id: $id, limit: 1) { total open items { from to duty } nextCursor } }`;
    type Order = {
      order: { revision: number; measures: { completedAt: string[] }[]; nonCompliance: { total: number; open: number }; exposure: { pendingDays: number; daysCounted: number } };
      orderNonCompliance: { total: number; items: { duty: string; to: string | null }[]; nextCursor: string | null };
    };
    const PERIODS = gql`query($id: ID!, $cursor: String) { orderNonCompliance(id: $id, limit: 1, cursor: $cursor) { items { duty } nextCursor } }`;
    const before = await officer.request<Order>(ORDER, { id });
    // Recorded in 2026, its measure due 2021-03-12: the days since were accrued as it was recorded, and its revision counts them.
    expect(before.order).toMatchObject({ reference: 'AMF — ordonnance du 14 décembre 2020', status: 'issued', revision: issued.revision, measures: [{ id: 'internal-controls', dueOn: '2021-03-12', completedAt: [], review: null }], reportingDuties: [{ id: 'governance', dueOn: ['2021-06-30'], submittedAt: [] }] });
    // The order counts its periods; they are listed a page at a time, by start.
    expect(before.order.nonCompliance).toEqual({ total: 2, open: 2 });
    expect(before.orderNonCompliance.items).toEqual([{ from: '2021-03-13T05:00:00.000Z', to: null, duty: 'measure:internal-controls' }]);
    const second = await officer.request<{ orderNonCompliance: { items: { duty: string }[]; nextCursor: string | null } }>(PERIODS, { id, cursor: before.orderNonCompliance.nextCursor });
    expect(second.orderNonCompliance).toEqual({ items: [{ duty: 'report:governance:2021-06-30' }], nextCursor: null });
    expect(before.order.exposure).toMatchObject({ pendingDays: 0 });
    expect(before.order.exposure.daysCounted).toBeGreaterThan(2000);
    expect(before.order.revision).toBe(before.order.exposure.daysCounted);
    // Its ledger summed for a chart: more than a year of days, so by month unless days are asked for; either ends on the same balance.
    const SERIES = gql`query($id: ID!, $grain: String) { orderLedgerSeries(id: $id, grain: $grain) { orderId grain currency totals { penaltyDays reversals balanceCents } periods { period penaltyDays accruedCents balanceCents } } }`;
    type Series = { orderLedgerSeries: { orderId: string; grain: string; currency: string; totals: { penaltyDays: number; reversals: number; balanceCents: number }; periods: { period: string; penaltyDays: number; accruedCents: number; balanceCents: number }[] } };
    const monthly = (await officer.request<Series>(SERIES, { id })).orderLedgerSeries;
    expect(monthly).toMatchObject({ orderId: id, grain: 'month', currency: 'CAD', totals: { penaltyDays: before.order.exposure.daysCounted, reversals: 0 } });
    expect(monthly.periods[0]).toMatchObject({ period: '2021-03', penaltyDays: 19 });
    expect(monthly.periods.reduce((n, p) => n + p.penaltyDays, 0)).toBe(before.order.exposure.daysCounted);
    const daily = (await officer.request<Series>(SERIES, { id, grain: 'day' })).orderLedgerSeries;
    expect(daily.periods).toHaveLength(before.order.exposure.daysCounted);
    expect(daily.periods[daily.periods.length - 1].balanceCents).toBe(monthly.totals.balanceCents);
    expect((await errorOf(officer.request(SERIES, { id, grain: 'week' }))).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'grain' })] });
    const COMPLETE = gql`mutation($id: ID!, $rev: Int) { completeCorrectiveMeasure(id: $id, measureId: "internal-controls", input: { completedAt: "2021-03-10T10:00:00-05:00", evidence: "Rapport" }, expectedRevision: $rev) { revision } }`;
    const completed = await officer.request<{ completeCorrectiveMeasure: { revision: number } }>(COMPLETE, { id, rev: before.order.revision });
    expect((await errorOf(officer.request(COMPLETE, { id, rev: before.order.revision }))).extensions?.code).toBe('CONCURRENCY_CONFLICT');
    const after = await officer.request<Order>(ORDER, { id });
    // The measure was met in time; the report still is not: the measure's days are reversed, the report's (from 1 July 2021) stay.
    expect(completed.completeCorrectiveMeasure.revision).toBe(after.order.revision);
    expect(after.order.exposure.pendingDays).toBe(0);
    expect(after.order.exposure.daysCounted).toBeLessThan(before.order.exposure.daysCounted);
    expect(after.order.measures[0].completedAt).toEqual(['2021-03-10T15:00:00.000Z']);
    expect(after.order.nonCompliance).toEqual({ total: 1, open: 1 });
    expect(after.orderNonCompliance).toMatchObject({ total: 1, items: [{ duty: 'report:governance:2021-06-30', to: null }], nextCursor: null });
    expect((await errorOf(officer.request(PERIODS, { id, cursor: 'not-a-cursor' }))).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'cursor' })] });
    expect((await errorOf(admin.request(ORDER, { id: 'not-a-uuid' }))).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'id' })] });
  });
  it('replays a mutation retried with the same Idempotency-Key, and refuses the key with other arguments, as REST does', async () => {
    const send = (key: string, query: string, variables: Record<string, unknown>) => t.api.post('/graphql').set('Idempotency-Key', key).send({ query, variables });
    const declare = 'mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id revision position } }';
    const first = await send('gql-retry-1', declare, { i: input(orgId) }).expect(200);
    expect(first.body.data.declareIncident).toMatchObject({ revision: 0 });
    const retry = await send('gql-retry-1', declare, { i: input(orgId) }).expect(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const other = await send('gql-retry-1', declare, { i: { ...input(orgId), title: 'Autre incident' } }).expect(200);
    expect(other.body.errors[0].extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    // Two mutations in one document under one key: each is remembered on its own (by alias).
    const two = 'mutation($i: DeclareIncidentInput!, $j: DeclareIncidentInput!) { a: declareIncident(input: $i) { id } b: declareIncident(input: $j) { id } }';
    const both = await send('gql-retry-2', two, { i: input(orgId), j: { ...input(orgId), title: 'Deuxième' } }).expect(200);
    expect(both.body.errors).toBeUndefined();
    const again = await send('gql-retry-2', two, { i: input(orgId), j: { ...input(orgId), title: 'Deuxième' } }).expect(200);
    expect(again.body).toEqual(both.body);
    // Reads are never remembered, and a malformed key names the header.
    const bad = await send('\u00e9t\u00e9', declare, { i: input(orgId) }).expect(200);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'Idempotency-Key' })] });
  });
  it('reads its own writes: a query sent with X-Min-Position waits for the read models to reach the position a mutation returned', async () => {
    const org = await registerOrganization(t, { name: 'Lire ses écritures' });
    const declared = (await t.api.post('/graphql').send({ query: 'mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id position } }', variables: { i: input(org) } }).expect(200)).body.data.declareIncident;
    const list = (position: number) => t.api.post('/graphql').set('X-Min-Position', String(position)).send({ query: `{ incidents(organizationId: "${org}") { items { id } } register(organizationId: "${org}") { incidentId } registerAsOf(organizationId: "${org}") { entries { incidentId } } }` });
    const r = await list(declared.position).expect(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({ incidents: { items: [{ id: declared.id }] }, register: [{ incidentId: declared.id }], registerAsOf: { entries: [{ incidentId: declared.id }] } });
    // The header is read: a position no command has written is refused, naming it.
    const beyond = await list(declared.position + 1000).expect(200);
    expect(beyond.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'minPosition' })] });
    await t.api.get(`/api/v1/audit/organizations/${org}/register?minPosition=${declared.position + 1000}`).expect(400);
  });
  it('answers in GraphQL’s shape, with extensions.code, what stops a request before GraphQL reads it', async () => {
    const raw = (body: string, type = 'application/json') => t.api.post('/graphql').set('Content-Type', type).set('Accept-Language', 'fr').send(body);
    const cases: [Awaited<ReturnType<typeof raw>>, number, string][] = [
      [await raw('{"query": "{ organizations { items { id } } }",'), 400, 'ENTITY_PARSE_FAILED'],
      [await raw('{"query":"{ organizations { items { id } } }","variables":{"x":"\\ud800"}}'), 400, 'VALIDATION_FAILED'],
      [await raw('query { organizations { items { id } } }', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];
    for (const [r, status, code] of cases) {
      expect(r.status).toBe(status);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.body).toEqual({ errors: [{ message: expect.any(String), extensions: expect.objectContaining({ code, status }) }] });
    }
    expect(cases[0][0].body.errors[0].message).toBe('Le corps de la requête n’est pas du JSON valide');
    expect(cases[1][0].body.errors[0].extensions.errors).toEqual([expect.objectContaining({ field: 'variables.x', rule: 'wellFormedUnicode' })]);
    // REST keeps problem+json.
    expect((await t.api.post('/api/v1/incidents').set('Content-Type', 'application/json').send('{"a":').expect(400)).headers['content-type']).toMatch(/problem\+json/);
  });
});
