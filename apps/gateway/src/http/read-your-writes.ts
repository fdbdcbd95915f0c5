import { DomainError } from '@app/kernel';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { PROJECTION_RUNNER, ProjectionRunner } from '@app/projections';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { both } from './bilingual';

export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/** How long a query that names no position waits for the read models kept in this process to hold the log; then it reads them as they are. */
export const SETTLE_TIMEOUT_MS = 1000;

/**
 * Every command answers with the position it wrote. A query that carries it back
 * (`?minPosition=` or `X-Min-Position:`; in GraphQL, the header) waits, bounded, until the
 * read models have read that far: a 503 with Retry-After if they have not within 5 s.
 * A query that names no position, on a gateway that keeps its read models itself, waits
 * for them to hold every write acknowledged before it arrived (ProjectionRunner.settle):
 * a list read right after a command shows it, whoever wrote it; after 1 s, or when the
 * read models are catching up a backlog or kept by another process, it reads them as they are.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    // REST: ?minPosition= or the header; GraphQL: the header of the request.
    const graphql = ctx.getType<GqlContextType>() === 'graphql';
    const req = graphql
      ? GqlExecutionContext.create(ctx).getContext<{ req: FastifyRequest }>().req
      : ctx.switchToHttp().getRequest<FastifyRequest<{ Querystring: { minPosition?: string } }>>();
    const fromQuery = graphql ? undefined : (req.query as { minPosition?: string } | undefined)?.minPosition;
    const raw = fromQuery ?? (req.headers['x-min-position'] as string | undefined);
    if (raw === undefined) return from(this.runner.settle(SETTLE_TIMEOUT_MS)).pipe(switchMap(() => next.handle()));
    if (!/^\d{1,15}$/.test(String(raw))) {
      throw DomainError.validation([{ field: 'minPosition', rule: 'position', message: { en: 'must be a position returned by a command', fr: 'doit être une position renvoyée par une commande' } }]);
    }
    const position = Number(raw);
    return from(
      (async () => {
        // A position no command has written yet is bad input, not a lagging read model.
        if (position > (await this.store.headPosition())) {
          throw DomainError.validation([
            { field: 'minPosition', rule: 'writtenPosition', message: { en: 'is beyond the last position written', fr: 'dépasse la dernière position écrite' } },
          ]);
        }
        await readModelsAt(this.runner, position);
      })(),
    ).pipe(switchMap(() => next.handle()));
  }
}

/** Waits, bounded, until the read models hold the log as it stands now (a list that must show what was just done). */
export async function readModelsAtHead(runner: ProjectionRunner, store: EventStore): Promise<void> {
  await readModelsAt(runner, await store.headPosition());
}

/** Waits, bounded, until the read models have read up to `position`: a 503 READ_MODEL_BEHIND (with Retry-After) if they have not within 5 s. */
export async function readModelsAt(runner: ProjectionRunner, position: number): Promise<void> {
  await runner.reach(position, READ_YOUR_WRITES_TIMEOUT_MS);
}

/** For GraphQL query fields that read the read models: only the interceptor (no OpenAPI). */
export const ReadYourWritesField = () => UseInterceptors(ReadYourWritesInterceptor);

export const ReadYourWrites = () => (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
  UseInterceptors(ReadYourWritesInterceptor)(target, key!, descriptor!);
  ApiHeader({ name: 'X-Min-Position', required: false, description: both('Wait until the read models reached this position (read your own write)', 'Attendre que les modèles de lecture aient atteint cette position (lire sa propre écriture)') })(target, key!, descriptor!);
};
