import { EVENT_STORE, EventStore } from '@app/event-store';
import fc from 'fast-check';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

/**
 * Property-based fuzzing of every route in the OpenAPI document, then of every GraphQL
 * query field: 10,000+ malformed requests. Every generated body carries at least one
 * certain violation, so the property is: never a 5xx (nor a GraphQL internal error),
 * always a problem+json, and not one event written. Valid commands with odd headers go
 * through too: there, the log must hold exactly what was acknowledged.
 */
type Schema = { type?: string; format?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; $ref?: string; enum?: unknown[]; allOf?: Schema[]; maxLength?: number };
interface Doc {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, Schema> };
}

const ODD = ['\u0000', '\ud800', '\u202e', '\u200b', '𝕍𝕚𝕘𝕚𝕖', 'é'.normalize('NFD'), '"; DROP TABLE events; --', '<script>alert(1)</script>', '../../etc/passwd', '%00', '\u{1F4A9}'.repeat(50)];
const oddString = fc.oneof(fc.string(), fc.constantFrom(...ODD), fc.string({ unit: 'binary', maxLength: 40 }));
const anyJson: fc.Arbitrary<unknown> = fc.oneof(oddString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));

function resolve(doc: Doc, s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return resolve(doc, doc.components.schemas[s.$ref.split('/').pop()!]);
  if (s.allOf?.length) return resolve(doc, s.allOf[0]);
  return s;
}

/**
 * A value of the right type (roughly): only used for the fields we do not break. A field
 * named like a known resource (`organizationId`) often names the real one, so that bodies
 * which pass validation reach the command handlers instead of stopping at "unknown".
 */
function plausible(doc: Doc, raw: Schema, known: Record<string, string>, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, raw);
  if (s.enum?.length) return fc.oneof(fc.constantFrom(...s.enum), oddString);
  if (depth > 3) return anyJson;
  switch (s.type) {
    case 'object':
      return fc.record(
        Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, known[k] ? fc.oneof(fc.constant(known[k]), plausible(doc, v, known, depth + 1)) : plausible(doc, v, known, depth + 1)])),
      );
    case 'array':
      return fc.array(plausible(doc, s.items ?? {}, known, depth + 1), { maxLength: 3 });
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer(), fc.double({ noNaN: false }), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER));
    case 'boolean':
      return fc.boolean();
    default:
      // Strings: odd ones, and dates right and wrong (impossible days, hours, no zone).
      return fc.oneof(oddString, fc.constantFrom('2026-11-20T10:00:00-05:00', '2026-02-30T10:00:00Z', '2026-11-20T25:61:00Z', '2026-11-20T10:00:00', 'yesterday', '2021-03-14'));
  }
}

const wrongFor = (s: Schema): fc.Arbitrary<unknown> =>
  s.type === 'string' || s.enum ? fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({})) : s.type === 'object' ? fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([1])) : s.type === 'array' ? fc.oneof(fc.string(), fc.constant({}), fc.constant(null)) : fc.oneof(fc.string({ minLength: 1 }).map((x) => `${x}x`), fc.constant(null), fc.constant({}), fc.constant([]));

/** A body certain to be invalid: a plausible body, then at least one violation. */
function malformed(doc: Doc, schema: Schema, known: Record<string, string>): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const required = (s.required ?? []).filter((k) => s.properties?.[k]);
  const base = plausible(doc, s, known) as fc.Arbitrary<Record<string, unknown>>;
  const breakers: fc.Arbitrary<(b: Record<string, unknown>) => unknown>[] = [
    fc.string({ minLength: 1, maxLength: 12 }).map((k) => (b) => ({ ...b, [`x_${k}`]: 'unknown field' })),
    fc.constantFrom(null, [], 'not an object', 42).map((v) => () => v),
  ];
  if (required.length) {
    breakers.push(fc.constantFrom(...required).map((k) => (b) => Object.fromEntries(Object.entries(b).filter(([key]) => key !== k))));
    breakers.push(fc.constantFrom(...required).chain((k) => wrongFor(resolve(doc, s.properties![k])).map((v) => (b: Record<string, unknown>) => ({ ...b, [k]: v }))));
    const strings = required.filter((k) => resolve(doc, s.properties![k]).type === 'string' && !resolve(doc, s.properties![k]).enum);
    if (strings.length) breakers.push(fc.constantFrom(...strings).map((k) => (b) => ({ ...b, [k]: 'ü'.repeat(200_000) })));
  }
  return fc.tuple(base, fc.array(fc.oneof(...breakers), { minLength: 1, maxLength: 3 })).map(([b, fs]) => fs.reduce<unknown>((acc, f) => (typeof acc === 'object' && acc && !Array.isArray(acc) ? f(acc as Record<string, unknown>) : acc), b));
}

describe('fuzz: malformed requests generated from the OpenAPI routes', () => {
  let t: TestApp;
  let doc: Doc;
  let store: EventStore;
  let ids: Record<string, string>;
  const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 360);
  let sent = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    // No background writer (penalty clock, outbox, reminders): the log's head moves only with what the requests wrote.
    // The reminders pass once recorded reminders for the incidents the odd-headers test declares, during a later test.
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false', RATE_LIMIT_PER_MINUTE: '100000000' });
    doc = (await t.api.get('/openapi.json').expect(200)).body;
    const org = await registerOrganization(t);
    ids = { id: org, organizationId: org, measureId: 'm1', obligationId: 'qc.register', personId: '7d3f0b8e-2c1a-4f5e-9b6d-0a1b2c3d4e5f', stream: 'incident-x' };
    store = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  /** Also, when the operation is known: the status is one its operation documents (the OpenAPI document does not lie). */
  const check = (label: string, r: { status: number; headers: Record<string, string>; text: string }, operation?: { method: string; path: string }) => {
    sent++;
    if (r.status >= 500) problems.push(`${label} → ${r.status} ${r.text.slice(0, 200)}`);
    else if (r.status >= 400 && !/problem\+json/.test(r.headers['content-type'] ?? '')) problems.push(`${label} → ${r.status} not problem+json`);
    else if (operation && !(String(r.status) in doc.paths[operation.path][operation.method].responses)) problems.push(`${label} → ${r.status}, not documented for ${operation.method.toUpperCase()} ${operation.path}`);
  };

  it('POST and PUT bodies: never a 5xx, always a problem, no event written', async () => {
    const before = await store.headPosition();
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      (['post', 'put'] as const).flatMap((method) => (ops[method]?.requestBody ? [{ method, path, schema: ops[method].requestBody!.content['application/json'].schema }] : [])),
    );
    expect(routes.filter((r) => r.method === 'put').length).toBeGreaterThanOrEqual(2);
    expect(routes.length).toBeGreaterThan(20);
    for (const { method, path, schema } of routes) {
      const url = path.replace(/\{(\w+)\}/g, (_, name) => ids[name] ?? 'x');
      await fc.assert(
        fc.asyncProperty(malformed(doc, schema, { organizationId: ids.organizationId }), async (body) => {
          const r = await t.api[method](url).set('Content-Type', 'application/json').send(JSON.stringify(body));
          check(`${method.toUpperCase()} ${path} ${JSON.stringify(body).slice(0, 120)}`, r as never, { method, path });
          return r.status < 500 && r.status >= 400;
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    expect(problems).toEqual([]);
    expect(await store.headPosition()).toBe(before);
  }, 600_000);

  it('raw malformed bodies and garbage paths', async () => {
    const before = await store.headPosition();
    const raw = ['{"title": "x",', '{"a":1}}', '\u0000\u0001', 'null', '[]', '{"__proto__": {"admin": true}}', '['.repeat(5000) + ']'.repeat(5000), '{"a":"\\ud800"}', Buffer.from([0xff, 0xfe, 0xfd]).toString('latin1')];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...raw), fc.constantFrom('/api/v1/incidents', '/api/v1/orders', '/api/v1/organizations', '/api/v1/snapshots'), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (body, url, type) => {
        const r = await t.api.post(url).set('Content-Type', type).send(body);
        check(`raw ${type} ${url} ${body.slice(0, 40)}`, r as never);
        return r.status < 500;
      }),
      { numRuns: 400 },
    );
    // Every GET route with a path parameter, given a garbage segment: odd text (encoded), a stray "%" (not), or one past the router's limit.
    const withParams = Object.keys(doc.paths).filter((path) => doc.paths[path].get && path.includes('{'));
    const segment = fc.oneof(
      oddString.map((x) => encodeURIComponent(x.toWellFormed())),
      fc.constantFrom('%', '%zz', '%e9', '%C3%28', 'a%2', '%00'),
      fc.integer({ min: 101, max: 400 }).map((n) => 'x'.repeat(n)),
      fc.string({ minLength: 40, maxLength: 120 }).map((x) => encodeURIComponent(x.toWellFormed())),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withParams), segment, async (path, bad) => {
        const url = path.replace(/\{(\w+)\}/, bad).replace(/\{(\w+)\}/g, (_, name) => ids[name] ?? 'x');
        const r = await t.api.get(url);
        check(`GET ${url.slice(0, 80)}`, r as never);
        return r.status < 500;
      }),
      { numRuns: 600 },
    );
    expect(problems).toEqual([]);
    expect(await store.headPosition()).toBe(before);
  }, 300_000);

  it('odd headers on valid commands (If-Match, Idempotency-Key, X-Min-Position, languages, ids): never a 5xx, and the log holds what was acknowledged, no more', async () => {
    const before = await store.headPosition();
    // What a client can put in a header at all (HTTP refuses control characters before they leave).
    const headerText = fc.oneof(oddString, fc.string({ unit: 'binary', maxLength: 40 })).map((v) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?'));
    const value = fc.oneof(headerText, fc.constantFrom('*', '"0"', '0', '1', 'W/"1"', '"1", "2"', '-1', '1e309', '9007199254740993', 'fr', 'en;q=2', 'fr-CA, en;q=0.5', '*/*', 'text/csv', 'x'.repeat(8000)));
    const headers = fc.dictionary(fc.constantFrom('If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Min-Position', 'Accept-Language', 'Accept', 'X-Correlation-Id'), value, { minKeys: 1, maxKeys: 3 });
    let acknowledged = 0;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(headers, fc.boolean(), async (h, profile) => {
        n++;
        const r = profile
          ? await t.api.put(`/api/v1/organizations/${ids.organizationId}/profile`).set(h).send({ name: `Ordre ${n}`, sectors: ['professional_order'], jurisdictions: ['QC'], privacyOfficer: { name: 'Responsable PRP', email: 'prp@example.org' }, reason: 'Fuzz' })
          : await t.api.post('/api/v1/incidents').set(h).send(incidentRequest(ids.organizationId, { title: `Incident ${n}` }));
        check(`${profile ? 'PUT profile' : 'POST incident'} ${JSON.stringify(h).slice(0, 160)}`, r as never, profile ? { method: 'put', path: '/api/v1/organizations/{id}/profile' } : { method: 'post', path: '/api/v1/incidents' });
        if (r.status < 300 && r.headers['idempotent-replayed'] !== 'true') acknowledged++;
        return r.status < 500;
      }),
      { numRuns: 600 },
    );
    expect(problems).toEqual([]);
    // Each acknowledged command wrote one event; a refused one, none.
    const written = (await store.readAll({ after: before, maxCount: 10_000 })).events.length;
    expect(acknowledged).toBeGreaterThan(0);
    expect(written).toBe(acknowledged);
  }, 300_000);

  it('query strings on every GET route', async () => {
    const gets = Object.entries(doc.paths).flatMap(([path, ops]) => (ops.get ? [path] : []));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...gets), fc.dictionary(fc.constantFrom('limit', 'cursor', 'asOf', 'at', 'basis', 'minPosition', 'organizationId', 'when', 'status', 'kind', 'forecastOn', 'after', 'fromRevision', 'types', 'lang', 'zzz'), oddString, { maxKeys: 4 }), async (path, q) => {
        const r = await t.api.get(path.replace(/\{(\w+)\}/g, (_, name) => ids[name] ?? 'x')).query(q);
        check(`GET ${path}?${new URLSearchParams(q as Record<string, string>).toString().slice(0, 80)}`, r as never, { method: 'get', path });
        return r.status < 500;
      }),
      { numRuns: 1200 },
    );
    expect(problems).toEqual([]);
  }, 300_000);

  it('GraphQL: every query field with odd arguments, some of the wrong type, never an internal error, no event written', async () => {
    type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
    const schema = (
      await t.api
        .post('/graphql')
        .send({ query: '{ __schema { queryType { fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }' })
        .expect(200)
    ).body.data.__schema.queryType.fields as { name: string; args: { name: string; type: TypeRef }[]; type: TypeRef }[];
    expect(schema.length).toBeGreaterThanOrEqual(8);
    const typeText = (r: TypeRef): string => (r.kind === 'NON_NULL' ? `${typeText(r.ofType!)}!` : r.kind === 'LIST' ? `[${typeText(r.ofType!)}]` : r.name!);
    const named = (r: TypeRef): TypeRef => (r.ofType ? named(r.ofType) : r);
    const dates = ['2026-11-20T10:00:00-05:00', '2999-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '2026-02-30', '2031-12-31', '9999-12-31', '-000001-01-01T00:00:00Z'];
    // One value in five is of another JSON type than its variable's: GraphQL's coercion refuses it, never a 500.
    const illTyped = fc.constantFrom<unknown>('abc', 1.5, 2 ** 40, true, { n: 1 }, [1, 2], '');
    const valueFor = (name: string, r: TypeRef): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: wellTyped(name, r) }, { weight: 1, arbitrary: illTyped });
    const wellTyped = (name: string, r: TypeRef): fc.Arbitrary<unknown> => {
      switch (named(r).name) {
        case 'Int':
          return fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, 501));
        case 'Float':
          return fc.double();
        case 'Boolean':
          return fc.boolean();
        case 'ID':
          return fc.oneof(oddString, fc.constant(ids[name] ?? ids.organizationId), fc.uuid());
        default:
          return fc.oneof(oddString, fc.constantFrom(...dates), fc.constant('x'.repeat(100_000)));
      }
    };
    const before = await store.headPosition();
    const fields = schema.filter((f) => f.args.every((a) => named(a.type).kind === 'SCALAR'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields).chain((f) =>
          fc.record(Object.fromEntries(f.args.map((a) => [a.name, a.type.kind === 'NON_NULL' ? valueFor(a.name, a.type) : fc.oneof(valueFor(a.name, a.type), fc.constant(undefined), fc.constant(null))]))).map((vars) => ({ f, vars })),
        ),
        async ({ f, vars }) => {
          const decl = f.args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(', ');
          const call = f.args.map((a) => `${a.name}: $${a.name}`).join(', ');
          const selection = named(f.type).kind === 'OBJECT' ? ' { __typename }' : '';
          const query = `query${decl ? `(${decl})` : ''} { ${f.name}${call ? `(${call})` : ''}${selection} }`;
          const r = await t.api.post('/graphql').send({ query, variables: vars });
          const internal = (r.body?.errors ?? []).filter((e: { extensions?: { code?: string } }) => e.extensions?.code === 'INTERNAL_ERROR' || e.extensions?.code === 'INTERNAL_SERVER_ERROR');
          sent++;
          if (r.status >= 500 || internal.length) problems.push(`graphql ${f.name} ${JSON.stringify(vars).slice(0, 160)} → ${r.status} ${JSON.stringify(internal).slice(0, 200)}`);
          return r.status < 500 && internal.length === 0;
        },
      ),
      { numRuns: 1000 },
    );
    expect(problems).toEqual([]);
    expect(await store.headPosition()).toBe(before);
    expect(sent).toBeGreaterThanOrEqual(10_000);
  }, 300_000);
  it('GraphQL: every mutation with odd values in well-typed inputs, never an internal error', async () => {
    type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
    // Three levels of ofType reach [String!]! and stay within the depth limit (two queries, each under the complexity limit).
    const REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
    const introspect = async (query: string) => (await t.api.post('/graphql').send({ query }).expect(200)).body.data.__schema;
    const schema = {
      ...((await introspect(`{ __schema { mutationType { fields { name args { name type { ${REF} } } } } } }`)) as { mutationType: { fields: { name: string; args: { name: string; type: TypeRef }[] }[] } }),
      ...((await introspect(`{ __schema { types { name kind inputFields { name type { ${REF} } } } } }`)) as { types: { name: string; kind: string; inputFields: { name: string; type: TypeRef }[] | null }[] }),
    };
    const inputs = new Map(schema.types.filter((x) => x.kind === 'INPUT_OBJECT').map((x) => [x.name, x.inputFields ?? []]));
    const typeText = (r: TypeRef): string => (r.kind === 'NON_NULL' ? `${typeText(r.ofType!)}!` : r.kind === 'LIST' ? `[${typeText(r.ofType!)}]` : r.name!);
    const dates = ['2026-11-20T10:00:00-05:00', '2026-02-30T10:00:00Z', '2999-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '2026-11-20', '2026-11-20T25:61:00Z', 'yesterday'];
    const valueOf = (name: string, r: TypeRef, depth: number): fc.Arbitrary<unknown> => {
      if (r.kind === 'NON_NULL') return valueOf(name, r.ofType!, depth);
      if (r.kind === 'LIST') return fc.array(valueOf(name, r.ofType!, depth + 1), { maxLength: depth > 2 ? 1 : 3 });
      if (r.kind === 'INPUT_OBJECT') {
        const fields = inputs.get(r.name!) ?? [];
        return fc.record(Object.fromEntries(fields.map((f) => [f.name, f.type.kind === 'NON_NULL' ? valueOf(f.name, f.type, depth + 1) : fc.oneof(valueOf(f.name, f.type, depth + 1), fc.constant(null))])));
      }
      switch (r.name) {
        case 'Int':
          return fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, -1, 1, 2 ** 31 - 1));
        case 'Float':
          return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1_000_000, Number.MAX_SAFE_INTEGER, 0.5));
        case 'Boolean':
          return fc.boolean();
        case 'ID':
          return fc.oneof(fc.constant(ids[name] ?? ids.organizationId), fc.uuid(), oddString);
        default:
          return name === 'organizationId' ? fc.oneof(fc.constant(ids.organizationId), fc.uuid(), oddString) : fc.oneof(oddString, fc.constantFrom(...dates), fc.constant('x'.repeat(100_000)));
      }
    };
    const fields = schema.mutationType.fields;
    expect(fields.length).toBeGreaterThanOrEqual(20);
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields).chain((f) => fc.record(Object.fromEntries(f.args.map((a) => [a.name, a.type.kind === 'NON_NULL' ? valueOf(a.name, a.type, 0) : fc.oneof(valueOf(a.name, a.type, 0), fc.constant(null))]))).map((vars) => ({ f, vars }))),
        async ({ f, vars }) => {
          const decl = f.args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(', ');
          const call = f.args.map((a) => `${a.name}: $${a.name}`).join(', ');
          const r = await t.api.post('/graphql').send({ query: `mutation${decl ? `(${decl})` : ''} { ${f.name}${call ? `(${call})` : ''} { __typename } }`, variables: vars });
          const internal = (r.body?.errors ?? []).filter((e: { extensions?: { code?: string } }) => e.extensions?.code === 'INTERNAL_ERROR' || e.extensions?.code === 'INTERNAL_SERVER_ERROR');
          const errors = (r.body?.errors ?? []) as { extensions?: { code?: string } }[];
          for (const e of errors) codes.add(String(e.extensions?.code));
          if (errors.some((e) => !e.extensions?.code)) problems.push(`graphql mutation ${f.name} ${JSON.stringify(vars).slice(0, 200)} → ${r.status}: an error without extensions.code ${JSON.stringify(r.body).slice(0, 200)}`);
          if (r.status >= 500 || internal.length) problems.push(`graphql mutation ${f.name} ${JSON.stringify(vars).slice(0, 200)} → ${r.status} ${JSON.stringify(internal).slice(0, 300)}`);
          return r.status < 500 && internal.length === 0;
        },
      ),
      { numRuns: Number(process.env.FUZZ_GRAPHQL_MUTATIONS ?? 1500) },
    );
    expect(problems).toEqual([]);
    // The inputs reach the resolvers, not only GraphQL's own coercion: refused by validation, and past it by what the
    // store holds (a record that does not exist, or a revision that is not its own; which of these comes up is chance).
    expect(codes).toContain('VALIDATION_FAILED');
    expect([...codes].filter((c) => c === 'CONCURRENCY_CONFLICT' || c.endsWith('_NOT_FOUND'))).not.toEqual([]);
  }, 300_000);
});
