/**
 * A cold start of the service as it ships: the gateway's build (`built-gateway.ts`) started
 * by plain Node on a data directory, timed from the spawn to its first `/health` answered
 * 200 (Node's own start, the modules' loading, the store's opening, the read models caught
 * up and the listener bound), with its RSS then.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtGateway, ROOT } from './built-gateway';

export interface ColdStart {
  readySeconds: number;
  rssMB: number;
  healthStatus: number;
  headPosition: number;
}

export async function coldStart(dir: string, port: number): Promise<ColdStart> {
  const script = builtGateway();
  const t0 = performance.now();
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}`, PENALTY_CLOCK_ENABLED: 'false' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the gateway exited (${child.exitCode}) before it was ready: ${stderr}`);
      if (performance.now() - t0 > 60_000) throw new Error(`the gateway was not ready after 60 s: ${stderr}`);
      const r = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (r?.status === 200) {
        const readySeconds = Math.round(performance.now() - t0) / 1000;
        const rssMB = Math.round((Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024) / 1e6);
        const health = (await r.json()) as { info: { eventStore: { headPosition: number } } };
        return { readySeconds, rssMB, healthStatus: r.status, headPosition: health.info.eventStore.headPosition };
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
