import { DomainError } from '@app/kernel';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * `If-Match: "3"` (or `3`): the stream revision the caller read; absent means "whatever is
 * current", and so does `*` (RFC 9110: any current version), since every conditional write
 * is to a record that must exist (a missing one is a 404 either way).
 */
export const IfMatchRevision = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined => {
  const raw = ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (raw === undefined || String(raw).trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(String(raw));
  if (!m) {
    throw DomainError.validation([
      { field: 'If-Match', rule: 'revision', message: { en: 'If-Match must be a revision number, e.g. "3"', fr: 'If-Match doit être un numéro de révision, p. ex. "3"' } },
    ]);
  }
  return Number(m[1]);
});
