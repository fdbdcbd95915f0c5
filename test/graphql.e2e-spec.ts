import { ClientError, GraphQLClient, gql } from 'graphql-request';
import type { AddressInfo } from 'node:net';
import { registerOrganization, startTestApp, TestApp } from './support/app';

/** GraphQL over HTTP with a stock client (graphql-request), against the real server on a local port. */
describe('GraphQL at /graphql', () => {
  let t: TestApp;
  let url: string;
  let orgId: string;
  let admin: GraphQLClient;

  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false' });
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
    const reg = await officer.request<{ register: { incidentId: string; personsConcerned: number }[] }>(gql`query($o: ID!) { register(organizationId: $o) { incidentId personsConcerned informationConcerned } }`, { o: orgId });
    expect(reg.register).toEqual([expect.objectContaining({ incidentId: r.declareIncident.id, personsConcerned: 40 })]);
  });

  it('an incident says, as REST does and in the caller’s language, which rule packs and rules apply and why, and how long its records are kept', async () => {
    const fr = await client({ role: 'admin' }, 'fr-CA');
    const { declareIncident } = await admin.request<{ declareIncident: { id: string } }>(DECLARE, { input: input(orgId) });
    type Detail = { incident: { obligations: { ruleId: string; deadlineFrom: string }[]; rulePacks: { rulePackId: string; applies: boolean; reason: string; rules: { ruleId: string; applies: boolean; reason: string }[] }[]; retention: { rulePackId: string; until: string; confirmed: boolean }[] } };
    const q = gql`query($id: ID!) { incident(id: $id) { obligations { ruleId deadlineFrom } rulePacks { rulePackId applies reason rules { ruleId applies reason } } retention { rulePackId until confirmed } } }`;
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
    expect(incident.retention).toEqual([{ rulePackId: 'qc-p39.1', until: '2031-11-20', confirmed: false }]);
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

  it('speaks French about protocol errors too (unreadable, not in the schema, too deep, too complex), codes unchanged', async () => {
    const fr = await client({ role: 'admin', sub: 'user:gql-fr' }, 'fr');
    const en = await client({ role: 'admin', sub: 'user:gql-en' }, 'en');
    const cases: [query: string, code: string, french: RegExp][] = [
      ['query { organizations {', 'GRAPHQL_PARSE_FAILED', /^Requête GraphQL illisible : Syntax Error/],
      ['query { nope }', 'GRAPHQL_VALIDATION_FAILED', /^Requête non conforme au schéma GraphQL : Cannot query field "nope" on type "Query"/],
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
});
