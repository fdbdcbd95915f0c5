import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Lifecycle, stopOnSignals } from './lifecycle';

/** An application whose HTTP close and Nest close are recorded, and finish when the test says. */
function fakeApp(closes: { http?: () => Promise<void>; app?: () => Promise<void> } = {}) {
  const steps: string[] = [];
  const app = {
    getHttpAdapter: () => ({
      getInstance: () => ({
        close: async () => {
          steps.push('http');
          await closes.http?.();
        },
      }),
    }),
    close: async () => {
      steps.push('app');
      await closes.app?.();
    },
  } as unknown as NestFastifyApplication;
  return { app, steps };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('stopping on a signal', () => {
  let off: (() => void) | undefined;
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => off?.());

  function exitRecorder() {
    const codes: number[] = [];
    let resolve!: (code: number) => void;
    const first = new Promise<number>((r) => (resolve = r));
    return { codes, first, exit: (code: number) => (codes.push(code), resolve(code)) };
  }

  it('drains first (stopping at once, nothing closed yet), then closes HTTP before the application, then exits 0', async () => {
    const lifecycle = new Lifecycle();
    const { app, steps } = fakeApp();
    const e = exitRecorder();
    off = stopOnSignals(app, lifecycle, { SHUTDOWN_DRAIN_MS: 200, SHUTDOWN_TIMEOUT_MS: 5000 }, e.exit);
    expect(lifecycle.stopping).toBe(false);
    const at = Date.now();
    process.emit('SIGTERM', 'SIGTERM');
    expect(lifecycle.stopping).toBe(true);
    await sleep(100);
    expect(steps).toEqual([]);
    expect(await e.first).toBe(0);
    expect(Date.now() - at).toBeGreaterThanOrEqual(190);
    expect(steps).toEqual(['http', 'app']);
    expect(e.codes).toEqual([0]);
  });

  it('a stop that does not end within SHUTDOWN_TIMEOUT_MS exits 1', async () => {
    const { app } = fakeApp({ app: () => new Promise(() => undefined) });
    const e = exitRecorder();
    off = stopOnSignals(app, new Lifecycle(), { SHUTDOWN_DRAIN_MS: 0, SHUTDOWN_TIMEOUT_MS: 150 }, e.exit);
    const at = Date.now();
    process.emit('SIGINT', 'SIGINT');
    expect(await e.first).toBe(1);
    expect(Date.now() - at).toBeGreaterThanOrEqual(140);
  });

  it('a second signal while stopping exits 1 at once; a stop that fails exits 1', async () => {
    const { app } = fakeApp();
    const e = exitRecorder();
    off = stopOnSignals(app, new Lifecycle(), { SHUTDOWN_DRAIN_MS: 300, SHUTDOWN_TIMEOUT_MS: 5000 }, e.exit);
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(e.codes).toEqual([1]);
    await sleep(400); // the process would be gone; here the drain goes on to its end
    off();

    const failing = fakeApp({ http: async () => Promise.reject(new Error('socket')) });
    const f = exitRecorder();
    off = stopOnSignals(failing.app, new Lifecycle(), { SHUTDOWN_DRAIN_MS: 0, SHUTDOWN_TIMEOUT_MS: 5000 }, f.exit);
    process.emit('SIGHUP', 'SIGHUP');
    expect(await f.first).toBe(1);
    expect(failing.steps).toEqual(['http']);
  });
});
