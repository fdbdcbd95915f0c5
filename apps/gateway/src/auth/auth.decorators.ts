import { ACCESS_KEY, AccessRule, Principal, PUBLIC_KEY } from '@app/auth';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { ApiBearerAuth } from '@nestjs/swagger';

/** No credentials needed (health, metrics, documentation, public keys). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Every other route declares who may call it; a route without a rule is refused (and fails the matrix test). */
export const Access = (rule: AccessRule) => (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
  SetMetadata(ACCESS_KEY, rule)(target, key!, descriptor!);
  ApiBearerAuth()(target, key!, descriptor!);
};

export const read = (org: AccessRule['org']): AccessRule => ({ action: 'read', org });
export const write = (org: AccessRule['org']): AccessRule => ({ action: 'write', org });
export const adminOnly: AccessRule = { action: 'admin', org: { from: 'none' } };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal =>
  ctx.getType<GqlContextType>() === 'graphql'
    ? GqlExecutionContext.create(ctx).getContext<{ req: { user: Principal } }>().req.user
    : ctx.switchToHttp().getRequest<{ user: Principal }>().user,
);
