import { FixedClock } from '@app/kernel';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/gateway/src/bootstrap';
import { AppConfig, loadConfig } from '../../apps/gateway/src/config/config';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  clock: FixedClock;
  config: AppConfig;
  close: () => Promise<void>;
}

/** The real application on a fresh embedded store in a temp directory, with a clock the test drives. */
export async function startTestApp(env: Record<string, string> = {}, now = '2026-11-22T15:00:00Z'): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-e2e-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}`, ...env });
  const clock = new FixedClock(new Date(now));
  const app = await createApp({ config, clock });
  await app.init();
  return { app, http: app.getHttpServer(), clock, config, close: () => app.close() };
}

import request from 'supertest';

export async function registerOrganization(t: TestApp, over: Record<string, unknown> = {}): Promise<string> {
  const r = await request(t.http)
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
