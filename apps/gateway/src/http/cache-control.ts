import type { FastifyInstance } from 'fastify';

/** Compliance records and personal information: no browser or proxy keeps a copy of an API or GraphQL answer. */
export function noStore(http: FastifyInstance): void {
  http.addHook('onSend', (req, reply, payload, done) => {
    if (/^\/(api\/|graphql)/.test(req.url) && !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
}
