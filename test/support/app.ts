import { issueToken, RegulatorId, Role } from '@app/auth';
import { FixedClock } from '@app/kernel';
import request from 'supertest';
import { AUTH_KEY, TOKEN_CONFIG } from '../../apps/gateway/src/auth/auth.tokens';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, initApp } from '../../apps/gateway/src/bootstrap';
import { AppConfig, loadConfig } from '../../apps/gateway/src/config/config';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  /** supertest with an admin token by default (authorization is tested on its own, in the matrix). */
  api: ReturnType<typeof request.agent>;
  token: (claims: { sub?: string; role: Role; orgs?: string[] | '*'; regulator?: RegulatorId }) => Promise<string>;
  clock: FixedClock;
  config: AppConfig;
  close: () => Promise<void>;
}

/** The real application on a fresh embedded store in a temp directory, with a clock the test drives. */
export async function startTestApp(env: Record<string, string> = {}, now = '2026-11-22T15:00:00Z', dataDir?: string): Promise<TestApp> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'vigie-e2e-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}`, ...env });
  const clock = new FixedClock(new Date(now));
  const app = await initApp(await createApp({ config, clock }));
  const token: TestApp['token'] = (c) => issueToken(app.get(AUTH_KEY), app.get(TOKEN_CONFIG), { sub: c.sub ?? `user:test-${c.role}`, ...c });
  const http = app.getHttpServer();
  const api = request.agent(http).set('Authorization', `Bearer ${await token({ role: 'admin', sub: 'user:test-admin' })}`);
  return { app, http, api, token, clock, config, close: () => app.close() };
}

export async function registerOrganization(t: TestApp, over: Record<string, unknown> = {}): Promise<string> {
  const r = await t.api
    .post('/api/v1/organizations')
    .send({
      name: 'Ordre des ingénieurs du Québec',
      sectors: ['professional_order'],
      jurisdictions: ['QC'],
      privacyOfficer: { name: 'Responsable PRP', email: 'prp@example.org' },
      ...over,
    })
    .expect(201);
  return r.body.id;
}

/**
 * Asks the audit log for each event type it holds, one filter at a time (the filter refuses
 * a type it does not know): the types the log holds, each with what its own filter found.
 */
export async function eventCountsByTypeFilter(t: TestApp): Promise<Record<string, number>> {
  const all = (await t.api.get('/api/v1/audit/events?limit=5000').expect(200)).body.events as { type: string }[];
  const counts: Record<string, number> = {};
  for (const type of [...new Set(all.map((e) => e.type))].sort()) {
    const r = await t.api.get(`/api/v1/audit/events?limit=5000&types=${type}`);
    counts[type] = r.status === 200 ? (r.body.events as unknown[]).length : -r.status;
  }
  return counts;
}
