import type { CommandContext } from '@app/event-store';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const CORRELATION_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Correlation id from `X-Correlation-Id` (or a new one), echoed on the response. */
export function correlationId(req: FastifyRequest): string {
  const sent = req.headers['x-correlation-id'];
  return typeof sent === 'string' && CORRELATION_RE.test(sent) ? sent : randomUUID();
}

/** The actor and correlation id of a request, for event metadata. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest>();
  const key = req.headers['idempotency-key'];
  return {
    actor: req.user?.sub ?? 'anonymous',
    correlationId: req.correlationId || correlationId(req),
    ...(typeof key === 'string' && key ? { idempotencyKey: key } : {}),
  };
});
