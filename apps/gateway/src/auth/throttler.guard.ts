import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Rate limiting for REST and GraphQL alike (per client address). */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override getRequestResponse(context: ExecutionContext) {
    if (context.getType<GqlContextType>() !== 'graphql') return super.getRequestResponse(context);
    const { req, reply } = GqlExecutionContext.create(context).getContext<{ req: FastifyRequest; reply: FastifyReply }>();
    return { req: req as unknown as Record<string, unknown>, res: reply as unknown as Record<string, unknown> };
  }
}
