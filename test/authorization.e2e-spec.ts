import type { Role } from '@app/auth';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { routeTable, RouteEntry } from '../apps/gateway/src/auth/route-table';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

/**
 * The authorization matrix, generated from the route table: every route × every role ×
 * an organization of the caller's and a foreign one. A new route without an access rule
 * fails this suite.
 */
const incidentBody = (organizationId: string) => incidentRequest(organizationId, {
  title: 't',
  description: 'd',
  origin: { type: 'unknown' },
  personalInformation: { categories: ['name'] },
  persons: { count: 1, approximate: false },
  systems: { affected: [], servicesDown: false },
});
const orderBody = (organizationId: string) => ({
  regulator: 'AMF',
  reference: 'r',
  legalBasis: 'b',
  organizationId,
  issuedAt: '2026-11-01T10:00:00-05:00',
  findings: [],
  measures: [{ id: 'm1', description: 'x', dueOn: '2026-12-31' }],
  reportingDuties: [],
  penalty: { amountPerDayCents: 100, currency: 'CAD' },
});

/** What the policy says, written out independently of the code that enforces it. */
function expected(role: Role, action: 'read' | 'write' | 'audit_all' | 'admin', own: boolean): boolean {
  if (role === 'admin') return true;
  if (action === 'admin' || action === 'audit_all') return false; // the matrix's non-admin tokens are scoped to one organization
  if (role === 'compliance_officer') return own;
  return action === 'read' && own; // auditors and regulators read within scope / jurisdiction, never write
}

describe('authorization matrix (route × role × own / foreign organization)', () => {
  let t: TestApp;
  let routes: RouteEntry[];
  const ids = { own: { org: '', incident: '', order: '', snapshot: '' }, foreign: { org: '', incident: '', order: '', snapshot: '' } };

  beforeAll(async () => {
    // No reminders pass: a refused request is checked by the log's head not moving, and a pass would move it.
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', REMINDERS_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '100000' });
    routes = routeTable(t.app);
    // "Own": an insurer (under the AMF's jurisdiction); "foreign": a professional order (not).
    ids.own.org = await registerOrganization(t, { name: 'Assureur', sectors: ['insurer'], jurisdictions: ['QC'] });
    ids.foreign.org = await registerOrganization(t, { name: 'Ordre', sectors: ['professional_order'], jurisdictions: ['QC'] });
    for (const side of ['own', 'foreign'] as const) {
      ids[side].incident = (await t.api.post('/api/v1/incidents').send(incidentBody(ids[side].org)).expect(201)).body.id;
      ids[side].order = (await t.api.post('/api/v1/orders').send(orderBody(ids[side].org)).expect(201)).body.id;
      ids[side].snapshot = (await t.api.post('/api/v1/snapshots').send({ organizationId: ids[side].org, kind: 'law25-register' }).expect(201)).body.document.snapshotId;
    }
  });
  afterAll(() => t.close());

  it('every route is either public or has an access rule', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => !r.public && !r.rule).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('public routes answer without credentials', async () => {
    for (const r of routes.filter((x) => x.public && x.method === 'GET')) {
      const res = await t.api.get(r.path).set('Authorization', '');
      expect([r.path, res.status]).toEqual([r.path, 200]);
    }
  });

  function request(r: RouteEntry, side: 'own' | 'foreign') {
    const s = ids[side];
    const org = r.rule!.org;
    const path = r.path
      .replace(':id', org.from === 'incident' ? s.incident : org.from === 'order' ? s.order : org.from === 'stream' && org.prefix === 'snapshot-' ? s.snapshot : s.org)
      .replace(':stream', `incident-${s.incident}`)
      .replace(':personId', '7d3f0b8e-2c1a-4f5e-9b6d-0a1b2c3d4e5f')
      .replace(':measureId', 'm1')
      .replace(':obligationId', 'qc.assess-risk');
    const query = org.from === 'query' ? `?organizationId=${s.org}` : '';
    const body = org.from === 'body' ? (r.path.includes('orders') ? orderBody(s.org) : incidentBody(s.org)) : {};
    return { path: `${path}${query}`, body };
  }

  const roles: Role[] = ['compliance_officer', 'auditor', 'regulator', 'admin'];

  it('without credentials every other route is 401 problem+json', async () => {
    for (const r of routes.filter((x) => !x.public)) {
      const { path, body } = request(r, 'own');
      const res = await t.api[r.method.toLowerCase() as 'get' | 'post'](path).set('Authorization', '').send(body);
      expect([r.method, r.path, res.status, res.headers['www-authenticate']]).toEqual([r.method, r.path, 401, 'Bearer realm="vigie"']);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each(roles)('%s: allowed where the policy allows, 403 elsewhere, and a refused write writes nothing', async (role) => {
    const token = await t.token({ role, orgs: role === 'admin' ? '*' : [ids.own.org], regulator: role === 'regulator' ? 'AMF' : undefined });
    const store = t.app.get(EVENT_STORE) as EventStore;
    const failures: string[] = [];
    for (const r of routes.filter((x) => !x.public)) {
      for (const side of ['own', 'foreign'] as const) {
        const { path, body } = request(r, side);
        const before = await store.headPosition();
        const res = await t.api[r.method.toLowerCase() as 'get' | 'post'](path).set('Authorization', `Bearer ${token}`).send(body);
        const shouldAllow = expected(role, r.rule!.action, side === 'own' || r.rule!.org.from === 'none');
        const ok = shouldAllow ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
        if (!ok) failures.push(`${r.method} ${r.path} (${side}): ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        if (!shouldAllow && (await store.headPosition()) !== before) failures.push(`${r.method} ${r.path} (${side}): refused but wrote`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a refusal says why, in the caller’s language: outside the jurisdiction, outside the scope, a role that only reads', async () => {
    const amf = await t.token({ role: 'regulator', regulator: 'AMF' });
    const outside = await t.api.get(`/api/v1/organizations/${ids.foreign.org}`).set('Authorization', `Bearer ${amf}`).set('Accept-Language', 'fr').expect(403);
    expect(outside.body).toMatchObject({ code: 'FORBIDDEN', detail: `L’organisation ${ids.foreign.org} ne relève pas de l’autorité AMF` });
    const officer = await t.token({ role: 'compliance_officer', orgs: [ids.own.org] });
    const foreign = await t.api.get(`/api/v1/organizations/${ids.foreign.org}`).set('Authorization', `Bearer ${officer}`).expect(403);
    expect(foreign.body.detail).toBe(`Your access does not cover organization ${ids.foreign.org}`);
    const auditor = await t.token({ role: 'auditor', orgs: [ids.own.org] });
    const write = await t.api.put(`/api/v1/organizations/${ids.own.org}/reminder-settings`).set('Authorization', `Bearer ${auditor}`).send({ enabled: false, dueSoonAtPercent: 80, onDueSoon: true, onOverdue: true, onPenaltyDay: true }).expect(403);
    expect(write.body.detail).toBe('The auditor role reads; it does not record facts');
  });

  it('lists across organizations show only what is in scope', async () => {
    const officer = await t.token({ role: 'compliance_officer', orgs: [ids.own.org] });
    const list = (await t.api.get('/api/v1/incidents').set('Authorization', `Bearer ${officer}`).expect(200)).body;
    expect(list.items.length).toBeGreaterThan(0);
    expect(new Set(list.items.map((i: { organizationId: string }) => i.organizationId))).toEqual(new Set([ids.own.org]));
    const amf = await t.token({ role: 'regulator', regulator: 'AMF' });
    const orders = (await t.api.get('/api/v1/orders').set('Authorization', `Bearer ${amf}`).expect(200)).body;
    expect(orders.items.length).toBeGreaterThan(0);
    expect(new Set(orders.items.map((o: { organizationId: string }) => o.organizationId))).toEqual(new Set([ids.own.org]));
    const everything = (await t.api.get('/api/v1/orders').expect(200)).body; // admin
    expect(new Set(everything.items.map((o: { organizationId: string }) => o.organizationId))).toEqual(new Set([ids.own.org, ids.foreign.org]));
  });
});
