import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/config';

/**
 * Whether this gateway is stopping. While it drains it still serves every request in full,
 * but asks each client to close its connection after the answer (`Connection: close`), so
 * that keep-alive clients open their next one elsewhere, and `/health` answers 503, so that
 * a load balancer sends it no more.
 */
export class Lifecycle {
  private since: Date | null = null;

  get stopping(): boolean {
    return this.since !== null;
  }

  get stoppingSince(): Date | null {
    return this.since;
  }

  beginStopping(at: Date = new Date()): void {
    this.since ??= at;
  }
}

/** Every answer given while the gateway stops closes its connection (HTTP/1: HTTP/2 has no such header). */
export function closeConnectionsWhileStopping(http: FastifyInstance, lifecycle: Lifecycle): void {
  http.addHook('onSend', (req, reply, payload, done) => {
    if (lifecycle.stopping && req.raw.httpVersionMajor < 2) reply.header('Connection', 'close');
    done(null, payload);
  });
}

export type Exit = (code: number) => void;

/**
 * The way out on SIGTERM or SIGINT (a deploy, an orchestrator, Ctrl-C):
 * 1. drain: SHUTDOWN_DRAIN_MS of full service, every answer closing its connection and
 *    `/health` at 503, for the load balancer to notice;
 * 2. stop listening: new connections are refused (nothing was written for them); a request
 *    already received is served to its end, its answer closing the connection; an idle
 *    keep-alive connection is closed;
 * 3. close the application: GraphQL, the projections, the outbox, the reminders, the store;
 * 4. exit 0.
 * Not done within SHUTDOWN_TIMEOUT_MS, or a second signal: exit 1 at once. What was
 * acknowledged is stored either way (a command is answered after its commit).
 */
export function stopOnSignals(app: NestFastifyApplication, lifecycle: Lifecycle, config: Pick<AppConfig, 'SHUTDOWN_DRAIN_MS' | 'SHUTDOWN_TIMEOUT_MS'>, exit: Exit = (code) => process.exit(code)): () => void {
  const logger = new Logger('Shutdown');
  const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    if (lifecycle.stopping) {
      logger.warn(`${signal} again while stopping: exiting now / ${signal} de nouveau pendant l’arrêt : sortie immédiate`);
      exit(1);
      return;
    }
    lifecycle.beginStopping();
    logger.log(`${signal}: draining for ${config.SHUTDOWN_DRAIN_MS} ms, then stopping / ${signal} : vidange pendant ${config.SHUTDOWN_DRAIN_MS} ms, puis arrêt`);
    const deadline = setTimeout(() => {
      logger.error(`not stopped after ${config.SHUTDOWN_TIMEOUT_MS} ms: exiting / toujours pas arrêté après ${config.SHUTDOWN_TIMEOUT_MS} ms : sortie`);
      exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    void stopGateway(app, config.SHUTDOWN_DRAIN_MS).then(
      () => {
        clearTimeout(deadline);
        logger.log('stopped / arrêté');
        exit(0);
      },
      (e: unknown) => {
        clearTimeout(deadline);
        logger.error(`stopping failed / l’arrêt a échoué : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        exit(1);
      },
    );
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}

/** Drain, stop listening, then close the application (see stopOnSignals). */
async function stopGateway(app: NestFastifyApplication, drainMs: number): Promise<void> {
  if (drainMs > 0) await new Promise((r) => setTimeout(r, drainMs));
  // HTTP closes before any module's hooks run, whatever their order: a request still being
  // served finds every module there. (Apollo's drain plugin would also close HTTP when GraphQL
  // stops, but only then.)
  await app.getHttpAdapter().getInstance().close();
  await app.close();
}
