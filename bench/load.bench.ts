/**
 * npm run bench:load — autocannon against a command endpoint, a query endpoint and a bare
 * Nest endpoint, in the same run, 32 connections each, and against Vigie's least route (the
 * public key set: constant, no token), which measures what every request of Vigie pays
 * before any work of its own (security headers, correlation id, rate limit, metrics, the
 * guard and the interceptors), and against the command once more on a gateway that does not
 * project (PROJECTIONS_ENABLED=false) while `npm run cli -- projections run` keeps its read
 * models in another process. Prints req/s, p50, p99 and each
 * endpoint's ratio to the bare one (targets: ≥ 0.4 of the bare req/s, p99 < 25 ms), and the
 * server's CPU time per request (on Linux), which does not depend on how busy the load
 * generator keeps the cores (an unsteady host still moves it: compare within one run),
 * beside the CPU time per request at which the ratio target would be met.
 *
 * The bare endpoint of the ratios runs on Vigie's own platform (Nest on Fastify): the ratio
 * is what Vigie costs above the framework it runs on. Nest's default platform (Express) is
 * measured too and each ratio to it printed, for comparison with reports made before the
 * gateway moved to Fastify. The servers run in their own processes on this machine
 * (loopback only); the load comes from this process. Not a test.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueToken, loadOrCreateKey } from '../libs/auth/src';

const ROOT = resolve(__dirname, '..');
const DURATION = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = 32;
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 25;
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: 'load', ...o }) + '\n');

function start(script: string, port: number, readyPath: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' });
  return new Promise((resolveStart, reject) => {
    const t0 = Date.now();
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}${readyPath}`);
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

interface Result {
  name: string;
  reqPerSec: number;
  p50ms: number;
  p99ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The server's CPU time (user + system) per request answered: a cost that does not depend on how busy the host is. */
  cpuMicrosPerRequest?: number;
}

/** CPU time a process has used, in ms (Linux's /proc; undefined elsewhere). */
function cpuMs(pid: number | undefined): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return undefined;
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}

async function run(name: string, server: ChildProcess, opts: autocannon.Options): Promise<Result> {
  const before = cpuMs(server.pid);
  const r = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const after = cpuMs(server.pid);
  const cpu = before !== undefined && after !== undefined && r.requests.total > 0 ? Math.round(((after - before) * 1000) / r.requests.total) : undefined;
  return { name, reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, cpuMicrosPerRequest: cpu };
}

/** The gateway under load: only what serves requests runs in it (no clock, outbox or reminders), and no rate limit is reached. */
const GATEWAY_ENV = {
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  PENALTY_CLOCK_ENABLED: 'false',
  OUTBOX_ENABLED: 'false',
  REMINDERS_ENABLED: 'false',
  RATE_LIMIT_PER_MINUTE: '100000000',
};

/** Registers an organization with 200 incidents on the gateway at `base`, and gives the load's command: a new incident each time. */
async function seededCommand(base: string, headers: Record<string, string>): Promise<autocannon.Options> {
  const org = (await (await fetch(`${base}/api/v1/organizations`, { method: 'POST', headers, body: JSON.stringify({ name: 'Bench', sectors: ['insurer'], jurisdictions: ['QC'], privacyOfficer: { name: 'p', email: 'p@x.ca' } }) })).json()) as { id: string };
  const incident = (title: string) =>
    JSON.stringify({
      organizationId: org.id, kind: 'confidentiality', title, description: 'd', origin: { type: 'unknown' },
      occurred: { from: '2026-01-02T08:00:00-05:00', approximate: false }, awareAt: '2026-01-02T10:00:00-05:00',
      personalInformation: { categories: ['name'] }, persons: { count: 1, approximate: false }, systems: { affected: [], servicesDown: false },
    });
  for (let i = 0; i < 200; i++) await fetch(`${base}/api/v1/incidents`, { method: 'POST', headers, body: incident(`seed ${i}`) });
  return { url: `${base}/api/v1/incidents`, method: 'POST', headers, requests: [{ setupRequest: (req) => ({ ...req, body: incident(`load ${randomUUID()}`) }) }] };
}

const ratio = (a: Result, b: Result) => Math.round((a.reqPerSec / b.reqPerSec) * 100) / 100;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-load-'));
  const key = await loadOrCreateKey(dir, 'auth');
  const token = await issueToken(key, { issuer: 'vigie-dev', audience: 'vigie' }, { sub: 'bench', role: 'admin', orgs: '*' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const vigie = await start('apps/gateway/src/main.ts', 39111, '/health', { ...GATEWAY_ENV, DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` });
  const bareFastify = await start('bench/support/bare-nest.ts', 39112, '/', { BARE_PLATFORM: 'fastify' });
  const bareExpress = await start('bench/support/bare-nest.ts', 39113, '/', { BARE_PLATFORM: 'express' });
  try {
    const base = 'http://127.0.0.1:39111';
    const commandRequest = await seededCommand(base, headers);
    // Warm-up of every endpoint (the same for each: 2 s at 8 connections), then each endpoint in the same run.
    for (const url of ['http://127.0.0.1:39112/', 'http://127.0.0.1:39113/', `${base}/.well-known/jwks.json`, `${base}/api/v1/incidents?limit=20`]) await autocannon({ url, headers, connections: 8, duration: 2 });
    await autocannon({ ...commandRequest, connections: 8, duration: 2 });
    const bare = await run('bare Nest GET / (Fastify, Vigie’s platform)', bareFastify, { url: 'http://127.0.0.1:39112/' });
    const express = await run('bare Nest GET / (Express, Nest’s default platform)', bareExpress, { url: 'http://127.0.0.1:39113/' });
    const floor = await run('floor GET /.well-known/jwks.json (public, constant: what every Vigie request pays)', vigie, { url: `${base}/.well-known/jwks.json` });
    const query = await run('query GET /api/v1/incidents?limit=20 (read model)', vigie, { url: `${base}/api/v1/incidents?limit=20`, headers });
    const command = await run('command POST /api/v1/incidents (decide + append, durable)', vigie, commandRequest);
    const split = await commandWithProjector(dir, headers);
    print({ ...bare, connections: CONNECTIONS, seconds: DURATION, ratioToBare: 1 });
    print({ ...express, connections: CONNECTIONS, seconds: DURATION, ratioToBare: ratio(express, bare) });
    print({ ...floor, connections: CONNECTIONS, seconds: DURATION, ratioToBare: ratio(floor, bare), ratioToBareExpress: ratio(floor, express) });
    for (const r of [query, command, split]) {
      print({
        ...r,
        // The server is bound by one core: req/s goes as 1 / CPU per request. The ratio
        // target then asks for at most this much CPU per request (host-independent, unlike req/s).
        cpuMicrosPerRequestForRatioTarget: bare.cpuMicrosPerRequest === undefined ? undefined : Math.round(bare.cpuMicrosPerRequest / TARGET_RATIO),
        connections: CONNECTIONS,
        seconds: DURATION,
        ratioToBare: ratio(r, bare),
        ratioToBareExpress: ratio(r, express),
        targets: `ratio to bare ≥ ${TARGET_RATIO}, p99 < ${TARGET_P99_MS} ms`,
        met: { ratio: ratio(r, bare) >= TARGET_RATIO, p99: r.p99ms < TARGET_P99_MS },
      });
    }
  } finally {
    for (const p of [vigie, bareFastify, bareExpress]) p.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The command again, on a gateway that does not project (PROJECTIONS_ENABLED=false), its
 * read models kept by `npm run cli -- projections run` in another process: the deployment of
 * "Past one process" in the README, on a store of its own. Reports the projector's CPU per
 * command too, and how far behind the log it was when the load stopped.
 */
async function commandWithProjector(mainDir: string, headers: Record<string, string>): Promise<Result & { projectorCpuMicrosPerRequest?: number; projectorLagEvents?: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-load-split-'));
  const env = { DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` };
  cpSync(join(mainDir, 'keys'), join(dir, 'keys'), { recursive: true }); // the same signing key: the same token works
  const gateway = await start('apps/gateway/src/main.ts', 39114, '/health', { ...GATEWAY_ENV, ...env, PROJECTIONS_ENABLED: 'false' });
  const projector = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'projections', 'run'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    // Ready (compiled, caught up) before any load, so that its start does not weigh on the measure.
    await new Promise<void>((ready, failed) => {
      projector.stdout!.once('data', () => ready());
      projector.once('exit', (code) => failed(new Error(`the projector exited (${code})`)));
    });
    const base = 'http://127.0.0.1:39114';
    const request = await seededCommand(base, headers);
    await autocannon({ ...request, connections: 8, duration: 2 });
    const before = cpuMs(projector.pid);
    const r = await run('command POST /api/v1/incidents on a gateway that does not project (projections in another process)', gateway, request);
    const after = cpuMs(projector.pid);
    const health = (await (await fetch(`${base}/health`)).json()) as { info: { projections: { projections: { lagEvents: number }[] } } };
    const total = Math.round(r.reqPerSec * DURATION);
    return {
      ...r,
      projectorCpuMicrosPerRequest: before !== undefined && after !== undefined && total > 0 ? Math.round(((after - before) * 1000) / total) : undefined,
      projectorLagEvents: Math.max(...health.info.projections.projections.map((p) => p.lagEvents)),
    };
  } finally {
    projector.kill('SIGTERM');
    gateway.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
