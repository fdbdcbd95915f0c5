import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Observable, tap } from 'rxjs';

/** Sets the ETag of a record read to its stream revision (`"3"`), the value If-Match takes back. */
@Injectable()
export class RevisionETagInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = ctx.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((body) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number') res.header('ETag', `"${revision}"`);
      }),
    );
  }
}

/**
 * A read of one record (an incident, an order, an organization) whose answer carries the
 * revision: HTTP's optimistic concurrency, ETag out and If-Match back (409 if someone wrote
 * since).
 */
export const RevisionETag = () =>
  applyDecorators(
    UseInterceptors(RevisionETagInterceptor),
    ApiOkResponse({
      description: 'Done / Fait',
      headers: { ETag: { description: 'The record’s revision, e.g. "3": send it back as If-Match / La révision de l’enregistrement, à renvoyer en If-Match', schema: { type: 'string' } } },
    }),
  );
