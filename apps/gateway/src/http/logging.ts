import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import pino, { Logger } from 'pino';
import type { AppConfig } from '../config/config';

/**
 * Structured JSON logs with pino: the application's messages (Nest's logger) and one
 * access line per request. No bodies and no query strings are ever logged, and
 * credentials are redacted. Unlike pino-http with nestjs-pino, nothing is built per
 * request when the line would not be written (no child logger, no async context): at
 * LOG_LEVEL=warn a successful request costs one level check.
 */
export function createLogger(config: Pick<AppConfig, 'NODE_ENV' | 'LOG_LEVEL'>): Logger {
  const level = config.NODE_ENV === 'test' ? 'silent' : config.LOG_LEVEL === 'log' ? 'info' : config.LOG_LEVEL === 'verbose' ? 'trace' : config.LOG_LEVEL;
  return pino({ level, base: { service: 'vigie' }, redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'] });
}

/** Nest's LoggerService over pino (context as a field). */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const stack = level === 'error' && typeof params[0] === 'string' && params.length > 1 ? params[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...(message as object) });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }
}

/**
 * One access line per request, when the response is sent: method, path (no query), status,
 * time, correlation id. Server errors always; the rest at info. At a level that writes
 * neither, no hook is added at all.
 */
export function accessLog(logger: Logger, http: FastifyInstance): void {
  const info = logger.isLevelEnabled('info');
  if (!info && !logger.isLevelEnabled('error')) return;
  http.addHook('onResponse', (req, reply, done) => {
    const status = reply.statusCode;
    if (status >= 500 || info) {
      const line = { req: { method: req.method, path: req.url.split('?')[0] }, res: { statusCode: status }, responseTimeMs: reply.elapsedTime, correlationId: req.correlationId };
      if (status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request completed');
    }
    done();
  });
}
