/**
 * npm run bench:load — autocannon against a command endpoint, a query endpoint and a bare
 * Nest endpoint, in the same run, 32 connections each. Prints req/s, p50, p99 and each
 * endpoint's ratio to the bare one (targets: ≥ 0.4 of the bare req/s, p99 < 25 ms).
 * The servers run in their own processes on this machine (loopback only). Not a test.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueToken, loadOrCreateKey } from '../libs/auth/src';

const ROOT = resolve(__dirname, '..');
const DURATION = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = 32;
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: 'load', ...o }) + '\n');

function start(script: string, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' });
  return new Promise((resolveStart, reject) => {
    const t0 = Date.now();
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}${script.includes('bare') ? '/' : '/health'}`);
        if (r.ok) return resolveStart(child);
      } catch {
        /* not yet */
      }
      if (Date.now() - t0 > 30_000) return reject(new Error(`${script} did not start`));
      setTimeout(poll, 100);
    };
    void poll();
  });
}

async function run(name: string, opts: autocannon.Options) {
  const r = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  return { name, reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-load-'));
  const key = await loadOrCreateKey(dir, 'auth');
  const token = await issueToken(key, { issuer: 'vigie-dev', audience: 'vigie' }, { sub: 'bench', role: 'admin', orgs: '*' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const vigie = await start('apps/gateway/src/main.ts', 39111, {
    DATA_DIR: dir,
    EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}`,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    PENALTY_CLOCK_ENABLED: 'false',
    OUTBOX_ENABLED: 'false',
    REMINDERS_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const bare = await start('bench/support/bare-nest.ts', 39112);
  try {
    const base = 'http://127.0.0.1:39111';
    const org = (await (await fetch(`${base}/api/v1/organizations`, { method: 'POST', headers, body: JSON.stringify({ name: 'Bench', sectors: ['insurer'], jurisdictions: ['QC'], privacyOfficer: { name: 'p', email: 'p@x.ca' } }) })).json()) as { id: string };
    const incident = (title: string) =>
      JSON.stringify({
        organizationId: org.id, kind: 'confidentiality', title, description: 'd', origin: { type: 'unknown' },
        occurred: { from: '2026-01-02T08:00:00-05:00', approximate: false }, awareAt: '2026-01-02T10:00:00-05:00',
        personalInformation: { categories: ['name'] }, persons: { count: 1, approximate: false }, systems: { affected: [], servicesDown: false },
      });
    for (let i = 0; i < 200; i++) await fetch(`${base}/api/v1/incidents`, { method: 'POST', headers, body: incident(`seed ${i}`) });

    // Warm-up, then the three endpoints in the same run.
    await autocannon({ url: 'http://127.0.0.1:39112/', connections: 8, duration: 2 });
    const bareResult = await run('bare Nest GET /', { url: 'http://127.0.0.1:39112/' });
    const query = await run('query GET /api/v1/incidents?limit=20 (read model)', { url: `${base}/api/v1/incidents?limit=20`, headers });
    const command = await run('command POST /api/v1/incidents (decide + append, durable)', {
      url: `${base}/api/v1/incidents`,
      method: 'POST',
      headers,
      requests: [{ setupRequest: (req) => ({ ...req, body: incident(`load ${randomUUID()}`) }) }],
    });
    for (const r of [bareResult, query, command]) {
      print({ ...r, connections: CONNECTIONS, seconds: DURATION, ratioToBare: Math.round((r.reqPerSec / bareResult.reqPerSec) * 100) / 100, targets: r === bareResult ? undefined : 'ratio ≥ 0.4, p99 < 25 ms' });
    }
  } finally {
    vigie.kill('SIGTERM');
    bare.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
