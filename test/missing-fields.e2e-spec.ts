import { EVENT_STORE, EventStore } from '@app/event-store';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest, orderRequest } from './support/requests';

/**
 * Valid commands with one thing taken away: every field the OpenAPI document says is
 * required, at every depth, removed in turn, and every nested object replaced by a list.
 * Each is a 400 that names the field (`isDefined`, `isObject`), in both languages, and
 * writes nothing; the untouched body is then accepted, which proves it was valid. (The
 * fuzz suite's random bodies rarely get this far: most break several rules at once.)
 */
type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; $ref?: string; allOf?: Schema[] };
type Doc = { components: { schemas: Record<string, Schema> } };
type Json = Record<string, unknown>;

const resolve = (doc: Doc, s: Schema): Schema => (s.$ref ? resolve(doc, doc.components.schemas[s.$ref.split('/').pop()!]) : s.allOf?.length ? resolve(doc, s.allOf[0]) : s);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Breach {
  field: string;
  rule: 'isDefined' | 'isObject';
  body: Json;
}

/** Copies `body` with `change` applied at `path` (keys and list indexes). */
function changed(body: Json, path: (string | number)[], change: (parent: Json | unknown[], key: string | number) => void): Json {
  const copy = structuredClone(body);
  let at: Json | unknown[] = copy;
  for (const k of path.slice(0, -1)) at = (at as Record<string | number, unknown>)[k] as Json | unknown[];
  change(at, path[path.length - 1]);
  return copy;
}

const fieldOf = (path: (string | number)[]) => path.reduce<string>((f, k) => (typeof k === 'number' ? `${f}[${k}]` : f ? `${f}.${k}` : k), '');

/** Every breach of a valid body: each required field removed, each nested object made a list, at every depth. */
function breaches(doc: Doc, schema: Schema, body: Json, root: Json = body, path: (string | number)[] = []): Breach[] {
  const s = resolve(doc, schema);
  const out: Breach[] = [];
  for (const key of s.required ?? []) {
    if (key in body) out.push({ field: fieldOf([...path, key]), rule: 'isDefined', body: changed(root, [...path, key], (p, k) => delete (p as Json)[k as string]) });
  }
  for (const [key, value] of Object.entries(body)) {
    const child = s.properties?.[key];
    if (!child) continue;
    if (isObject(value)) {
      out.push({ field: fieldOf([...path, key]), rule: 'isObject', body: changed(root, [...path, key], (p, k) => ((p as Json)[k as string] = [value])) });
      out.push(...breaches(doc, child, value, root, [...path, key]));
    } else if (Array.isArray(value) && isObject(value[0]) && resolve(doc, child).items) {
      out.push({ field: fieldOf([...path, key]), rule: 'isObject', body: changed(root, [...path, key], (p, k) => ((p as Json)[k as string] = [[value[0]]])) });
      out.push(...breaches(doc, resolve(doc, child).items!, value[0], root, [...path, key, 0]));
    }
  }
  return out;
}

describe('valid commands with one required thing missing or misshapen', () => {
  let t: TestApp;
  let doc: Doc & { paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: Schema }> } } }> };
  let store: EventStore;
  let org: string;
  let incident: string;

  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '100000000' });
    doc = (await t.api.get('/openapi.json').expect(200)).body;
    store = t.app.get(EVENT_STORE);
    org = await registerOrganization(t);
    incident = (await t.api.post('/api/v1/incidents').send(incidentRequest(org)).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const cases: [route: string, url: () => string, body: () => Json][] = [
    ['/api/v1/organizations', () => '/api/v1/organizations', () => ({ name: 'Caisse Desjardins', sectors: ['financial_services_cooperative'], jurisdictions: ['QC'], privacyOfficer: { name: 'Responsable PRP', email: 'prp@example.org' } })],
    ['/api/v1/incidents', () => '/api/v1/incidents', () => incidentRequest(org)],
    ['/api/v1/orders', () => '/api/v1/orders', () => orderRequest(org, { reportingDuties: [{ id: 'quarterly', description: 'Rapport trimestriel', cadence: { everyDays: 90, firstDueOn: '2021-03-31' } }] })],
    [
      '/api/v1/incidents/{id}/risk-assessments',
      () => `/api/v1/incidents/${incident}/risk-assessments`,
      () => ({ sensitivity: 'medium', anticipatedConsequences: { level: 'medium', description: 'Vol d’identité possible' }, likelihoodOfInjuriousUse: 'low', seriousInjuryRisk: true, reason: 'Adresses et noms', privacyOfficerConsulted: true, assessedAt: '2026-11-21T09:00:00-05:00' }),
    ],
    ['/api/v1/incidents/{id}/affected-persons', () => `/api/v1/incidents/${incident}/affected-persons`, () => ({ persons: [{ name: 'Jeanne Roy', email: 'jeanne@example.org' }] })],
  ];

  it.each(cases)('POST %s', async (route, url, valid) => {
    const schema = doc.paths[route].post!.requestBody!.content['application/json'].schema;
    const all = breaches(doc, schema, valid());
    // The walk reached nested objects and lists: not only the top level.
    expect(all.some((b) => b.field.includes('.'))).toBe(true);
    const head = await store.headPosition();
    for (const b of all) {
      const r = await t.api.post(url()).set('Accept-Language', 'fr').send(b.body);
      const found = (r.body.errors ?? []).find((e: { field: string; rule: string }) => e.field === b.field && e.rule === b.rule);
      expect({ breach: `${b.field} ${b.rule}`, status: r.status, type: r.headers['content-type'], found: !!found }).toEqual({ breach: `${b.field} ${b.rule}`, status: 400, type: expect.stringMatching(/problem\+json/), found: true });
      if (b.rule === 'isDefined') expect(found.message).toBe(`${b.field} : ce champ est obligatoire`);
    }
    expect(await store.headPosition()).toBe(head);
    const accepted = await t.api.post(url()).send(valid());
    expect(accepted.status).toBe(201);
  });
});
