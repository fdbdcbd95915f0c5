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
 * beside the CPU time per request at which the ratio target would be met. For Vigie's
 * endpoints it also reads the gateway's own /metrics: the event loop's delay while the
 * load ran (its 99th percentile and its longest) and the garbage collector's time per
 * request, which tell a tail made by long turns from one made by the queue.
 *
 * The host's speed drifts by ±20 % from one minute to the next, so every endpoint is
 * measured BENCH_LOAD_ROUNDS times (3 by default), in rounds that take each endpoint in
 * turn: each figure printed is the median over the rounds, beside its range, and each
 * ratio is the median of the ratios within a round. The targets are judged on the medians.
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
import { join } from 'node:path';
import { issueToken, loadOrCreateKey } from '../libs/auth/src';
import { builtGateway, ROOT } from './support/built-gateway';
import { median, range, roundsFrom } from './support/rounds';

const DURATION = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
/** Every endpoint is measured this many times, in rounds; the report gives the median of each figure and its range. */
const ROUNDS = roundsFrom('BENCH_LOAD_ROUNDS');
const CONNECTIONS = 32;
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 25;
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: 'load', ...o }) + '\n');

/** Starts `script` (TypeScript through @swc-node/register, or the gateway's build: see `support/built-gateway.ts`) and waits until `readyPath` answers. */
function start(script: string, port: number, readyPath: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const args = script.endsWith('.ts') ? ['-r', '@swc-node/register', script] : [script];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' });
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
  /** The gateway's event loop while the load ran (from its /metrics): how long a turn held it, at the 99th percentile and at most. */
  eventLoopDelayP99Ms?: number;
  eventLoopDelayMaxMs?: number;
  /** The gateway's garbage collection per request answered (from its /metrics). */
  gcMicrosPerRequest?: number;
}

/** CPU time a process has used, in ms (Linux's /proc; undefined elsewhere). */
function cpuMs(pid: number | undefined): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return undefined;
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}

/**
 * The gateway's process figures from its Prometheus metrics: the event loop's delay since
 * the previous scrape (prom-client resets that histogram at each one) and the garbage
 * collector's time so far, in seconds.
 */
async function scrape(base: string): Promise<{ loopP99: number; loopMax: number; gcSeconds: number }> {
  const token = process.env.METRICS_TOKEN;
  const text = await (await fetch(`${base}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).text();
  const value = (re: RegExp) => [...text.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
  return {
    loopP99: value(/^vigie_nodejs_eventloop_lag_p99_seconds (\S+)$/gm),
    loopMax: value(/^vigie_nodejs_eventloop_lag_max_seconds (\S+)$/gm),
    gcSeconds: value(/^vigie_nodejs_gc_duration_seconds_sum\{[^}]*\} (\S+)$/gm),
  };
}

/**
 * Node's event-loop histogram records the time between two ticks of a timer due every
 * `resolution` ms (prom-client's default: 10), so an idle loop reads 10 ms: the delay is
 * what exceeds it.
 */
const LOOP_RESOLUTION_MS = 10;
const loopDelayMs = (seconds: number) => Math.max(0, Math.round(seconds * 1000 - LOOP_RESOLUTION_MS));

/** One endpoint under load for DURATION seconds; `metrics`: the gateway's base URL, to read its event loop and GC. */
async function run(name: string, server: ChildProcess, opts: autocannon.Options, metrics?: string): Promise<Result> {
  const before = cpuMs(server.pid);
  const process0 = metrics ? await scrape(metrics) : undefined;
  const r = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  const after = cpuMs(server.pid);
  const process1 = metrics ? await scrape(metrics) : undefined;
  const total = r.requests.total;
  const cpu = before !== undefined && after !== undefined && total > 0 ? Math.round(((after - before) * 1000) / total) : undefined;
  const loop =
    process0 && process1
      ? {
          eventLoopDelayP99Ms: loopDelayMs(process1.loopP99),
          eventLoopDelayMaxMs: loopDelayMs(process1.loopMax),
          gcMicrosPerRequest: total > 0 ? Math.round(((process1.gcSeconds - process0.gcSeconds) * 1e6) / total) : undefined,
        }
      : {};
  return { name, reqPerSec: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, cpuMicrosPerRequest: cpu, ...loop };
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

const round2 = (x: number) => Math.round(x * 100) / 100;
/** The median of a figure over the rounds (undefined when a round lacks it), and its range. */
function summary(xs: (number | undefined)[]): { median?: number; range?: [number, number] } {
  if (xs.some((x) => x === undefined)) return {};
  const ns = xs as number[];
  return { median: Math.round(median(ns) * 100) / 100, range: range(ns) };
}

interface Measure {
  name: string;
  server: ChildProcess;
  opts: autocannon.Options;
  /** The gateway's base URL (its /metrics), for Vigie's endpoints. */
  metrics?: string;
  /** Called before each run of this measure; what it returns gives figures of its own after the run (the projector's, for the split gateway). */
  probe?: () => (r: Result) => Promise<Record<string, number | undefined>>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-load-'));
  const splitDir = mkdtempSync(join(tmpdir(), 'vigie-load-split-'));
  const key = await loadOrCreateKey(dir, 'auth');
  cpSync(join(dir, 'keys'), join(splitDir, 'keys'), { recursive: true }); // the same signing key: the same token works on both gateways
  const token = await issueToken(key, { issuer: 'vigie-dev', audience: 'vigie' }, { sub: 'bench', role: 'admin', orgs: '*' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const children: ChildProcess[] = [];
  try {
    const vigie = await start(builtGateway(), 39111, '/health', { ...GATEWAY_ENV, DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` });
    children.push(vigie);
    const bareFastify = await start('bench/support/bare-nest.ts', 39112, '/', { BARE_PLATFORM: 'fastify' });
    children.push(bareFastify);
    const bareExpress = await start('bench/support/bare-nest.ts', 39113, '/', { BARE_PLATFORM: 'express' });
    children.push(bareExpress);
    const split = await splitDeployment(splitDir, children);
    const base = 'http://127.0.0.1:39111';
    const splitBase = 'http://127.0.0.1:39114';
    const commandRequest = await seededCommand(base, headers);
    const splitRequest = await seededCommand(splitBase, headers);
    const measures: Measure[] = [
      { name: 'bare Nest GET / (Fastify, Vigie’s platform)', server: bareFastify, opts: { url: 'http://127.0.0.1:39112/' } },
      { name: 'bare Nest GET / (Express, Nest’s default platform)', server: bareExpress, opts: { url: 'http://127.0.0.1:39113/' } },
      { name: 'floor GET /.well-known/jwks.json (public, constant: what every Vigie request pays)', server: vigie, opts: { url: `${base}/.well-known/jwks.json` }, metrics: base },
      { name: 'query GET /api/v1/incidents?limit=20 (read model)', server: vigie, opts: { url: `${base}/api/v1/incidents?limit=20`, headers }, metrics: base },
      { name: 'command POST /api/v1/incidents (decide + append, durable)', server: vigie, opts: commandRequest, metrics: base },
      { name: 'command POST /api/v1/incidents on a gateway that does not project (projections in another process)', server: split.gateway, opts: splitRequest, metrics: splitBase, probe: split.probe },
    ];
    // Warm-up of every endpoint (the same for each: 2 s at 8 connections).
    for (const m of measures) await autocannon({ ...m.opts, connections: 8, duration: 2 });
    // Rounds: every endpoint once per round, in the same order, so that a slow spell of the
    // host weighs on one round of each rather than on every run of one endpoint.
    const rounds: Result[][] = [];
    const extras: Record<string, number | undefined>[][] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const results: Result[] = [];
      const more: Record<string, number | undefined>[] = [];
      for (const m of measures) {
        const finish = m.probe?.();
        const result = await run(m.name, m.server, m.opts, m.metrics);
        results.push(result);
        more.push(finish ? await finish(result) : {});
      }
      rounds.push(results);
      extras.push(more);
      process.stderr.write(`load round ${r + 1}/${ROUNDS}: ${results.map((x) => `${Math.round(x.reqPerSec)} req/s p99 ${x.p99ms} ms`).join(' · ')}\n`);
    }
    const bareCpu = summary(rounds.map((round) => round[0].cpuMicrosPerRequest)).median;
    const ratios = (i: number, baseline: number) => rounds.map((round) => round[i].reqPerSec / round[baseline].reqPerSec);
    measures.forEach((m, i) => {
      const per = rounds.map((round) => round[i]);
      const fig = (k: keyof Result) => summary(per.map((x) => x[k] as number | undefined));
      const reqPerSec = fig('reqPerSec');
      const p99 = fig('p99ms');
      const ratio = summary(ratios(i, 0));
      const ratioExpress = summary(ratios(i, 1));
      const extra: Record<string, number | undefined> = {};
      for (const k of Object.keys(extras[0][i])) {
        const values = extras.map((e) => e[i][k]);
        extra[k] = k.endsWith('Max') ? Math.max(...(values as number[])) : summary(values).median;
      }
      print({
        name: m.name,
        rounds: ROUNDS,
        reqPerSec: Math.round(reqPerSec.median!),
        reqPerSecRange: reqPerSec.range,
        p50ms: fig('p50ms').median,
        p99ms: p99.median,
        p99msRange: p99.range,
        non2xx: per.reduce((s, x) => s + x.non2xx, 0),
        errors: per.reduce((s, x) => s + x.errors, 0),
        timeouts: per.reduce((s, x) => s + x.timeouts, 0),
        cpuMicrosPerRequest: fig('cpuMicrosPerRequest').median,
        ...(m.metrics ? { eventLoopDelayP99Ms: fig('eventLoopDelayP99Ms').median, eventLoopDelayMaxMs: fig('eventLoopDelayMaxMs').range?.[1], gcMicrosPerRequest: fig('gcMicrosPerRequest').median } : {}),
        ...extra,
        connections: CONNECTIONS,
        seconds: DURATION,
        ratioToBare: round2(ratio.median!),
        ...(i > 0 ? { ratioToBareRange: ratio.range!.map(round2) } : {}),
        ...(i !== 1 ? { ratioToBareExpress: round2(ratioExpress.median!) } : {}),
        ...(i > 2 // the query and the commands
          ? {
              // The server is bound by one core: req/s goes as 1 / CPU per request. The ratio
              // target then asks for at most this much CPU per request (host-independent, unlike req/s).
              cpuMicrosPerRequestForRatioTarget: bareCpu === undefined ? undefined : Math.round(bareCpu / TARGET_RATIO),
              targets: `ratio to bare ≥ ${TARGET_RATIO}, p99 < ${TARGET_P99_MS} ms (medians of the rounds)`,
              met: { ratio: ratio.median! >= TARGET_RATIO, p99: p99.median! < TARGET_P99_MS },
            }
          : {}),
      });
    });
  } finally {
    for (const p of children) p.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    rmSync(splitDir, { recursive: true, force: true });
  }
}

/**
 * The deployment of "Past one process" in the README, on a store of its own: a gateway
 * that does not project (PROJECTIONS_ENABLED=false), its read models kept by
 * `npm run cli -- projections run` in another process. Gives, after each run of the
 * command against it, the projector's CPU per command and how far behind the log it was
 * when the load stopped.
 */
async function splitDeployment(dir: string, children: ChildProcess[]): Promise<{ gateway: ChildProcess; probe: NonNullable<Measure['probe']> }> {
  const env = { DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` };
  const gateway = await start(builtGateway(), 39114, '/health', { ...GATEWAY_ENV, ...env, PROJECTIONS_ENABLED: 'false' });
  children.push(gateway);
  const projector = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'projections', 'run'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(projector);
  // Ready (compiled, caught up) before any load, so that its start does not weigh on the measure.
  await new Promise<void>((ready, failed) => {
    projector.stdout!.once('data', () => ready());
    projector.once('exit', (code) => failed(new Error(`the projector exited (${code})`)));
  });
  return {
    gateway,
    probe: () => {
      const before = cpuMs(projector.pid);
      return async (r) => {
        const after = cpuMs(projector.pid);
        const total = Math.round(r.reqPerSec * DURATION);
        const health = (await (await fetch('http://127.0.0.1:39114/health')).json()) as { info: { projections: { projections: { lagEvents: number }[] } } };
        return {
          projectorCpuMicrosPerRequest: before !== undefined && after !== undefined && total > 0 ? Math.round(((after - before) * 1000) / total) : undefined,
          projectorLagEventsMax: Math.max(...health.info.projections.projections.map((p) => p.lagEvents)),
        };
      };
    },
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
