/**
 * npm run bench — every benchmark (store, penalty catch-up, projections, a large
 * organization's reads and exports, an auditor's questions about it, load), one after
 * the other, then one report: bench/results/<date>.json and bench/results/<date>.md with
 * the machine's description. Benchmarks are not tests; CI does not run them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const BENCHES = ['store', 'penalty', 'projections', 'organization', 'audit', 'load'];

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  platform: `${platform()} ${release()}`,
  node: process.version,
};

const results: Record<string, Record<string, unknown>[]> = {};
for (const b of BENCHES) {
  process.stderr.write(`bench:${b}…\n`);
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', `bench/${b}.bench.ts`], { cwd: ROOT, encoding: 'utf8', env: process.env, maxBuffer: 64 * 2 ** 20 });
  process.stdout.write(r.stdout);
  if (r.status !== 0) process.stderr.write(r.stderr);
  results[b] = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const date = new Date().toISOString().slice(0, 10);
const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `${date}.json`), JSON.stringify({ date, machine, results }, null, 2) + '\n');
const rows = Object.entries(results).flatMap(([b, lines]) =>
  lines.map((l) => {
    const { bench: _b, name, ...figures } = l;
    return `| ${b} | ${String(name ?? '')} | ${Object.entries(figures).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ')} |`;
  }),
);
writeFileSync(
  join(dir, `${date}.md`),
  [`# Vigie benchmarks — ${date}`, '', `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}.`, '', '| bench | measure | figures |', '| --- | --- | --- |', ...rows, ''].join('\n'),
);
process.stderr.write(`wrote bench/results/${date}.json and .md\n`);
