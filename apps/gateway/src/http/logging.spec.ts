import { EventEmitter } from 'node:events';
import pino from 'pino';
import { accessLog, PinoNestLogger } from './logging';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

function request(status: number) {
  const res = Object.assign(new EventEmitter(), { statusCode: status });
  const req = { method: 'GET', originalUrl: '/api/v1/register?organizationId=x&token=secret', headers: { authorization: 'Bearer secret' }, correlationId: 'req-1' };
  return { req, res };
}

describe('logging', () => {
  it('one access line per finished request: method, path without the query, status, time, correlation id; never credentials', () => {
    const { logger, lines } = capture('info');
    const { req, res } = request(200);
    let nexted = false;
    accessLog(logger)(req as never, res as never, () => (nexted = true));
    expect(nexted).toBe(true);
    expect(lines).toEqual([]);
    res.emit('finish');
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'request completed', req: { method: 'GET', path: '/api/v1/register' }, res: { statusCode: 200 }, correlationId: 'req-1', responseTimeMs: expect.any(Number) })]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('at warn level, successful requests are not logged and server errors are', () => {
    const { logger, lines } = capture('warn');
    for (const status of [200, 404, 503]) {
      const { req, res } = request(status);
      accessLog(logger)(req as never, res as never, () => undefined);
      res.emit('finish');
    }
    expect(lines.map((l) => [l.level, (l.res as { statusCode: number }).statusCode])).toEqual([[50, 503]]);
  });

  it('Nest messages keep their context; errors keep their stack', () => {
    const { logger, lines } = capture('info');
    const nest = new PinoNestLogger(logger);
    nest.log('started', 'Bootstrap');
    nest.error('failed', 'Error: boom\n    at x', 'Outbox');
    nest.debug('hidden', 'Outbox');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'started', context: 'Bootstrap' }),
      expect.objectContaining({ level: 50, msg: 'failed', context: 'Outbox', stack: 'Error: boom\n    at x' }),
    ]);
  });
});
