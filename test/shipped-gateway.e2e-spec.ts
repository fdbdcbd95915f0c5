import { issueToken, loadOrCreateKey } from '@app/auth';
import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { incidentRequest } from './support/requests';
import { exited, freePort, SHIPPED, startServer } from './support/server';

/**
 * The gateway as it ships: `npm run build` (tsc, then one file bundled by esbuild), started
 * as `npm start` and the Docker image start it. The other suites run the sources; this one
 * proves that what the bundle gathered still finds what it looks for at run time: files
 * beside its original modules (Swagger's UI, the dashboard), the rule packs, the packages
 * left out of it (the native SQLite addon, pdfkit loaded at first use), the OpenAPI
 * schemas' names (the DTO classes'), and a clean stop.
 */
const ROOT = resolve(__dirname, '..');

describe('the gateway as it ships (npm run build, then dist/gateway/main.js)', () => {
  let server: ChildProcess;
  let base: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    const dataDir = mkdtempSync(join(tmpdir(), 'vigie-shipped-'));
    const key = await loadOrCreateKey(dataDir, 'auth');
    const token = await issueToken(key, { issuer: 'vigie-dev', audience: 'vigie' }, { sub: 'shipped:test', role: 'admin', orgs: '*' });
    headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startServer(port, { DATA_DIR: dataDir, NODE_ENV: 'production' }, SHIPPED);
  }, 300_000);

  afterAll(() => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  });

  it('is one file that does not carry the packages it must leave to Node', () => {
    const bundle = readFileSync(join(ROOT, SHIPPED[0]), 'utf8');
    expect(bundle).toContain('require("better-sqlite3")');
    expect(bundle).toContain('require("pdfkit")');
    expect(bundle).not.toContain('node_modules/better-sqlite3/lib/database.js');
    expect(bundle).not.toContain('node_modules/pdfkit/js/pdfkit.js');
  });

  it('serves the API documentation with its assets, and names its schemas after the DTO classes', async () => {
    for (const path of ['/docs', '/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js']) expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['DeclareIncidentDto', 'OriginDto', 'PeriodDto']));
  });

  it('serves the dashboard and the chart library beside it', async () => {
    const page = await fetch(`${base}/app`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('État de conformité');
    const scripts = [...readFileSync(join(ROOT, 'apps/gateway/src/dashboard/public/index.html'), 'utf8').matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect([src, (await fetch(new URL(src, `${base}/app/`))).status]).toEqual([src, 200]);
  });

  it('takes commands through REST and GraphQL, applies the rule packs, and writes the register’s PDF', async () => {
    const organization = { name: 'Caisse (livrée)', jurisdictions: ['QC'], sectors: ['financial_services_cooperative'], privacyOfficer: { name: 'Responsable PRP', email: 'prp@example.org' } };
    const org = await fetch(`${base}/api/v1/organizations`, { method: 'POST', headers, body: JSON.stringify(organization) });
    expect(org.status).toBe(201);
    const orgId = ((await org.json()) as { id: string }).id;
    const declared = await fetch(`${base}/api/v1/incidents`, { method: 'POST', headers, body: JSON.stringify(incidentRequest(orgId)) });
    expect(declared.status).toBe(201);
    const { position } = (await declared.json()) as { position: number };
    const read = { ...headers, 'x-min-position': String(position) };
    // The obligations come from the rule packs in config/rules.
    const calendar = await fetch(`${base}/api/v1/obligations?organizationId=${orgId}`, { headers: read });
    expect(calendar.status).toBe(200);
    const CALENDAR = 'Évaluer le risque de préjudice sérieux';
    expect(JSON.stringify(await calendar.json())).toContain(CALENDAR);
    const gql = await fetch(`${base}/graphql`, { method: 'POST', headers: read, body: JSON.stringify({ query: `{ incidents(organizationId: "${orgId}") { items { title } } }` }) });
    expect(await gql.json()).toEqual({ data: { incidents: { items: [{ title: incidentRequest(orgId).title }] } } });
    const pdf = await fetch(`${base}/api/v1/organizations/${orgId}/register/export?format=pdf`, { headers: read });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const bad = await fetch(`${base}/api/v1/incidents`, { method: 'POST', headers, body: JSON.stringify({ ...incidentRequest(orgId), title: 7 }) });
    expect([bad.status, bad.headers.get('content-type')]).toEqual([400, 'application/problem+json; charset=utf-8']);
  });

  it('stops cleanly on SIGTERM', async () => {
    const ended = exited(server);
    server.kill('SIGTERM');
    expect(await ended).toEqual({ code: 0, signal: null });
  });
});
