import Fastify from 'fastify';
import pino from 'pino';
import { accessLog, PinoNestLogger } from './logging';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

/** A Fastify server with the access log, answering each path's status; the correlation id as the gateway sets it. */
async function server(level: string) {
  const { logger, lines } = capture(level);
  const http = Fastify();
  http.decorateRequest('correlationId', '');
  http.addHook('onRequest', (req, _reply, done) => {
    req.correlationId = 'req-1';
    done();
  });
  accessLog(logger, http);
  http.get('/api/v1/:status', (req, reply) => reply.code(Number((req.params as { status: string }).status)).send({}));
  await http.ready();
  return { http, lines };
}

describe('logging', () => {
  it('one access line per request: method, path without the query, status, time, correlation id; never credentials', async () => {
    const { http, lines } = await server('info');
    await http.inject({ method: 'GET', url: '/api/v1/200?organizationId=x&token=secret', headers: { authorization: 'Bearer secret' } });
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'request completed', req: { method: 'GET', path: '/api/v1/200' }, res: { statusCode: 200 }, correlationId: 'req-1', responseTimeMs: expect.any(Number) })]);
    expect(JSON.stringify(lines)).not.toContain('secret');
    await http.close();
  });

  it('at warn level, successful requests are not logged and server errors are', async () => {
    const { http, lines } = await server('warn');
    for (const status of [200, 404, 503]) await http.inject({ method: 'GET', url: `/api/v1/${status}` });
    expect(lines.map((l) => [l.level, (l.res as { statusCode: number }).statusCode])).toEqual([[50, 503]]);
    await http.close();
  });

  it('at a level that writes no access line, no hook is added', () => {
    const { logger } = capture('fatal');
    const http = Fastify();
    const addHook = jest.spyOn(http, 'addHook');
    accessLog(logger, http);
    expect(addHook).not.toHaveBeenCalled();
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
