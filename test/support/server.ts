import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** The gateway's sources, run through the compiler (the default). */
export const FROM_SOURCES = ['-r', '@swc-node/register', 'apps/gateway/src/main.ts'];
/** The gateway as `npm start` and the Docker image run it: the build's bundle (`npm run build`). */
export const SHIPPED = ['dist/gateway/main.js'];

/**
 * The real server in a child process on 127.0.0.1:`port`, from its sources or as it ships
 * (`args`); resolved once its `/health` answers as Vigie's, on a store.
 */
export async function startServer(port: number, env: Record<string, string>, args: string[] = FROM_SOURCES): Promise<ChildProcess> {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '1000000', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    // Only the child we started counts as up: it is still running and /health is Vigie's, on our store.
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was up`);
    try {
      const r = await fetch(`${base}/health`);
      const health = (await r.json().catch(() => null)) as { info?: { eventStore?: { backend?: string } } } | null;
      if (r.ok && health?.info?.eventStore?.backend) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

/** How the child ended: its exit code, or the signal that ended it. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}
