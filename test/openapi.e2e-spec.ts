import { getMetadataStorage } from 'class-validator';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest, orderRequest } from './support/requests';

/**
 * The OpenAPI document is the contract integrators code against: it must say, in both
 * languages, what each operation does, and name the problems it may answer with. (The fuzz
 * suite checks the other half: no route answers a status its operation does not document.)
 */
type Response = { description: string; content?: Record<string, { schema: { $ref?: string } }> };
type Operation = { summary?: string; security?: Record<string, string[]>[]; parameters?: { name: string; in: string }[]; responses: Record<string, Response>; requestBody?: unknown };
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { type?: string; nullable?: boolean }> }> };
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  let operations: { method: string; path: string; op: Operation }[];

  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false' });
    doc = (await t.api.get('/openapi.json').expect(200)).body;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));
  });
  afterAll(() => t.close());

  it('gives every operation a summary in English and in French', () => {
    expect(operations.length).toBeGreaterThan(50);
    const bad = operations.filter(({ op }) => {
      const [en, fr, ...rest] = (op.summary ?? '').split(' / ');
      return !en?.trim() || !fr?.trim() || rest.length > 0 || en === fr;
    });
    expect(bad.map((o) => `${o.method} ${o.path}: ${o.op.summary}`)).toEqual([]);
  });

  it('says every description in the document (parameters, properties, answers) in English and in French', () => {
    const descriptions: [string, string][] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${where}/${i}`));
      else if (node && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if (key === 'description' && typeof value === 'string') descriptions.push([where, value]);
          else walk(value, `${where}/${key}`);
        }
    };
    walk(doc, '');
    expect(descriptions.length).toBeGreaterThan(500);
    const oneLanguage = descriptions.filter(([, d]) => {
      const [en, fr, ...rest] = d.split(' / ');
      return !en?.trim() || !fr?.trim() || rest.length > 0 || en === fr;
    });
    expect([...new Set(oneLanguage.map(([where, d]) => `${where}: ${d}`))]).toEqual([]);
  });

  it('documents the problems every secured operation may answer, as application/problem+json', () => {
    const secured = operations.filter(({ op }) => (op.security ?? []).length > 0);
    expect(secured.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const { method, path, op } of secured) {
      const expected = method === 'get' ? [400, 401, 403, 429, 503] : [400, 401, 403, 404, 409, 415, 422, 429, 503];
      for (const status of expected) {
        const r = op.responses[String(status)];
        if (r?.content?.['application/problem+json']?.schema.$ref !== '#/components/schemas/ProblemDto' || !r.description.includes(' / ')) missing.push(`${method} ${path} ${status}`);
      }
      if (path.includes('{') && !op.responses['404']) missing.push(`${method} ${path} 404`);
      // Both schemes are accepted on every secured route.
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      if (!schemes.includes('bearer') || !schemes.includes('apiKey')) missing.push(`${method} ${path} security ${schemes.join(',')}`);
    }
    expect(missing).toEqual([]);
    const problem = doc.components.schemas.ProblemDto.properties!;
    expect(Object.keys(problem)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code', 'detail', 'instance', 'errors']));
  });

  it('documents Idempotency-Key on every command, and the command result’s types as they are sent', async () => {
    const commands = operations.filter(({ method, op }) => method !== 'get' && (op.security ?? []).length > 0);
    expect(commands.filter(({ op }) => !op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')).map((c) => c.path)).toEqual([]);
    const result = doc.components.schemas.CommandResultDto.properties!;
    const org = await registerOrganization(t);
    const sent = (await t.api.post('/api/v1/incidents').send(incidentRequest(org)).expect(201)).body;
    expect(typeof sent.position).toBe(result.position.type);
    expect(result.position.nullable).toBe(true);
    expect(typeof sent.revision).toBe(result.revision.type);
    const declare = doc.paths['/api/v1/incidents'].post.responses['201'].content!['application/json'].schema.$ref;
    expect(declare).toBe('#/components/schemas/CommandResultDto');
  });

  it('takes ?lang=fr|en on every read under /api, as documented, and refuses another language naming the field', async () => {
    const org = await registerOrganization(t);
    const incident = (await t.api.post('/api/v1/incidents').send(incidentRequest(org)).expect(201)).body.id;
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(org)).expect(201)).body.id;
    const snapshot = (await t.api.post('/api/v1/snapshots').send({ organizationId: org, kind: 'law25-register' }).expect(201)).body.document.snapshotId;
    const reads = operations.filter(({ method, path }) => method === 'get' && path.startsWith('/api/'));
    const undocumented = reads.filter(({ op }) => !op.parameters?.some((p) => p.in === 'query' && p.name === 'lang')).map((r) => r.path);
    expect(undocumented).toEqual([]);
    const url = (path: string) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'stream' ? `incident-${incident}` : path.startsWith('/api/v1/snapshots/') ? snapshot : path.startsWith('/api/v1/incidents/') || path.startsWith('/api/v1/audit/incidents/') ? incident : path.includes('/orders/') ? order : org,
      ) + (path === '/api/v1/register' ? `?organizationId=${org}&` : '?');
    const refused: string[] = [];
    for (const { path } of reads) {
      const fr = await t.api.get(`${url(path)}lang=fr`);
      if (fr.status !== 200) refused.push(`${path} lang=fr → ${fr.status} ${fr.text.slice(0, 120)}`);
      const de = await t.api.get(`${url(path)}lang=de`);
      if (de.status !== 400 || !(de.body.errors ?? []).some((e: { field: string }) => e.field === 'lang')) refused.push(`${path} lang=de → ${de.status}`);
    }
    expect(refused).toEqual([]);
  });

  it('documents If-Match exactly on the commands that read it', async () => {
    const org = await registerOrganization(t);
    const incident = (await t.api.post('/api/v1/incidents').send(incidentRequest(org)).expect(201)).body.id;
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(org)).expect(201)).body.id;
    const ids: Record<string, string> = { id: org, organizationId: org, measureId: 'internal-controls', obligationId: 'qc.register', personId: '7d3f0b8e-2c1a-4f5e-9b6d-0a1b2c3d4e5f' };
    const idFor = (path: string, name: string) => (name === 'id' && path.startsWith('/api/v1/incidents/') ? incident : name === 'id' && path.startsWith('/api/v1/orders/') ? order : ids[name]);
    const commands = operations.filter(({ method, op }) => method !== 'get' && (op.security ?? []).length > 0);
    const reads: string[] = [];
    for (const { method, path } of commands) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => idFor(path, name));
      // A malformed If-Match is refused before the body is looked at, by the routes that read it.
      const r = await t.api[method as 'post' | 'put'](url).set('If-Match', 'not a revision').send({});
      if (r.status === 400 && (r.body.errors ?? []).some((e: { field: string }) => e.field === 'If-Match')) reads.push(`${method} ${path}`);
    }
    const documented = commands.filter(({ op }) => op.parameters?.some((p) => p.in === 'header' && p.name === 'If-Match')).map(({ method, path }) => `${method} ${path}`);
    expect(reads.length).toBeGreaterThanOrEqual(18);
    expect(reads.sort()).toEqual(documented.sort());
  });
  it('gives a record’s revision as its ETag, which If-Match takes back, and documents it', async () => {
    const org = await registerOrganization(t);
    const incident = (await t.api.post('/api/v1/incidents').send(incidentRequest(org)).expect(201)).body.id;
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(org)).expect(201)).body.id;
    for (const path of [`/api/v1/incidents/${incident}`, `/api/v1/orders/${order}`, `/api/v1/organizations/${org}`]) {
      const r = await t.api.get(path).expect(200);
      expect(r.headers.etag).toBe(`"${r.body.revision}"`);
    }
    const etag = (await t.api.get(`/api/v1/incidents/${incident}`).expect(200)).headers.etag;
    const amend = { reason: 'Nombre précisé', persons: { count: 320, approximate: false, inQuebec: 300 } };
    await t.api.post(`/api/v1/incidents/${incident}/amendments`).set('If-Match', etag).send(amend).expect(201);
    const stale = await t.api.post(`/api/v1/incidents/${incident}/amendments`).set('If-Match', etag).send({ ...amend, reason: 'Encore' }).expect(409);
    expect(stale.body.code).toBe('CONCURRENCY_CONFLICT');
    expect((await t.api.get(`/api/v1/incidents/${incident}`).expect(200)).headers.etag).toBe('"1"');
    for (const path of ['/api/v1/incidents/{id}', '/api/v1/orders/{id}', '/api/v1/organizations/{id}']) {
      expect(Object.keys((doc.paths[path].get.responses['200'] as unknown as { headers?: Record<string, unknown> }).headers ?? {})).toEqual(['ETag']);
    }
  });

  it('tells browsers and proxies to keep no copy of an API or GraphQL answer, problems included', async () => {
    const org = await registerOrganization(t);
    const answers = [
      await t.api.get(`/api/v1/organizations/${org}`).expect(200),
      await t.api.get('/api/v1/incidents/0b0c2a44-6d5e-4c2f-8f7a-1a2b3c4d5e6f').expect(404),
      await t.api.get(`/api/v1/organizations/${org}/register/export?format=csv`).expect(200),
      await t.api.post('/graphql').send({ query: '{ organizations { items { id } } }' }).expect(200),
    ];
    expect(answers.map((r) => r.headers['cache-control'])).toEqual(['no-store', 'no-store', 'no-store', 'no-store']);
  });
  it('marks as required exactly the query parameters a read refuses to go without', async () => {
    const org = await registerOrganization(t);
    const incident = (await t.api.post('/api/v1/incidents').send(incidentRequest(org)).expect(201)).body.id;
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(org)).expect(201)).body.id;
    const snapshot = (await t.api.post('/api/v1/snapshots').send({ organizationId: org, kind: 'law25-register' }).expect(201)).body.document.snapshotId;
    const idFor = (path: string, name: string) =>
      name === 'stream' ? `incident-${incident}` : path.startsWith('/api/v1/snapshots/') ? snapshot : /^\/api\/v1\/(audit\/)?incidents\//.test(path) ? incident : path.includes('/orders/') ? order : org;
    const mismatches: string[] = [];
    for (const { method, path, op } of operations.filter((o) => o.method === 'get' && o.path.startsWith('/api/'))) {
      const required = (op.parameters ?? []).filter((p) => p.in === 'query' && (p as { required?: boolean }).required).map((p) => p.name).sort();
      const r = await t.api[method as 'get'](path.replace(/\{(\w+)\}/g, (_, name: string) => idFor(path, name)));
      const missing = r.status === 400 ? ((r.body.errors ?? []) as { field: string; rule: string }[]).filter((e) => e.rule === 'isDefined').map((e) => e.field).sort() : [];
      if (JSON.stringify(missing) !== JSON.stringify(required)) mismatches.push(`${path}: refuses without [${missing}], documents as required [${required}]`);
    }
    expect(mismatches).toEqual([]);
  });
  it('documents as optional exactly the body fields validation lets go missing', () => {
    type Meta = { propertyName: string; type: string };
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<new () => unknown, Meta[]>; getTargetValidationMetadatas(target: new () => unknown, schema: string, always: boolean, strict: boolean): Meta[] };
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    const mismatches: string[] = [];
    let checked = 0;
    for (const target of storage.validationMetadatas.keys()) {
      const schema = schemas[target.name];
      if (!schema?.properties) continue;
      const metas = storage.getTargetValidationMetadatas(target, '', true, false);
      for (const property of Object.keys(schema.properties)) {
        checked++;
        const optional = metas.some((m) => m.propertyName === property && m.type === 'conditionalValidation');
        const required = (schema.required ?? []).includes(property);
        if (optional === required) mismatches.push(`${target.name}.${property}: ${optional ? 'may be missing' : 'must be present'}, documented as ${required ? 'required' : 'optional'}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  });
});
