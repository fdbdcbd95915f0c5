import { ACCESS_KEY, AccessRule, allowed, forbidden, Principal, PUBLIC_KEY, refusal, TokenVerifier, unauthenticated, underJurisdiction, verifyApiKey } from '@app/auth';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOKEN_VERIFIER } from './auth.tokens';

type Fields = Record<string, unknown> | undefined;

/**
 * Authentication (Bearer JWT or API key) and authorization for every route, from the
 * route's declared rule and the organization it touches. 401 without valid
 * credentials; 403 outside the principal's rights.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = this.request(ctx);
    try {
      req.user = await this.authenticate(req);
    } catch (e) {
      this.response(ctx)?.header('WWW-Authenticate', 'Bearer realm="vigie"');
      throw e;
    }
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, targets);
    if (!rule) throw forbidden('This route has no access rule', 'Cette route n’a pas de règle d’accès');
    const org = await this.organizationOf(req, rule);
    if (org === undefined) return true; // the body names no organization: validation answers 400, nothing is written
    const inJurisdiction = req.user.role === 'regulator' && org !== null && (await this.inJurisdiction(req.user, org));
    if (!allowed(req.user, rule, org, inJurisdiction)) {
      const why = refusal(req.user, rule, org);
      throw forbidden(why.en, why.fr);
    }
    return true;
  }

  /**
   * The request the rule reads. For GraphQL, the resolver's arguments stand for the
   * route's params and query, and its `input` for the body; the principal is set on the
   * real request so resolvers see it.
   */
  protected request(ctx: ExecutionContext): FastifyRequest {
    if (ctx.getType<GqlContextType>() !== 'graphql') return ctx.switchToHttp().getRequest<FastifyRequest>();
    const gql = GqlExecutionContext.create(ctx);
    const real = gql.getContext<{ req: FastifyRequest }>().req;
    const args = gql.getArgs<Record<string, unknown>>();
    const view = Object.create(real) as FastifyRequest;
    Object.defineProperties(view, {
      params: { value: args },
      query: { value: args },
      body: { value: (args.input as object | undefined) ?? {} },
      user: { get: () => real.user, set: (u: Principal) => (real.user = u) },
    });
    return view;
  }

  protected response(ctx: ExecutionContext): FastifyReply | undefined {
    if (ctx.getType<GqlContextType>() === 'graphql') return GqlExecutionContext.create(ctx).getContext<{ reply?: FastifyReply }>().reply;
    return ctx.switchToHttp().getResponse<FastifyReply>();
  }

  private async authenticate(req: FastifyRequest): Promise<Principal> {
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string') return verifyApiKey(this.store, apiKey);
    if (!header) throw unauthenticated('Authentication required: send a Bearer token or an API key', 'Authentification requise : envoyez un jeton Bearer ou une clé d’API');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthenticated('The Authorization header must be "Bearer <token>"', 'L’en-tête Authorization doit être « Bearer <jeton> »');
    return m[1].startsWith('vk_') ? verifyApiKey(this.store, m[1]) : this.verifier.verify(m[1]);
  }

  /** The organization a request touches, or null when it names none (a list across organizations). */
  private async organizationOf(req: FastifyRequest, rule: AccessRule): Promise<string | null | undefined> {
    const s = rule.org;
    const str = (v: unknown) => (typeof v === 'string' && v ? v.toLowerCase() : null);
    switch (s.from) {
      case 'none':
        return null;
      case 'param':
        return str((req.params as Fields)?.[s.name]);
      case 'query':
        return str((req.query as Fields)?.[s.name]);
      case 'body':
        return str((req.body as Fields)?.[s.name]) ?? undefined;
      case 'incident':
        return this.ownerOf(`incident-${String((req.params as Fields)?.[s.param]).toLowerCase()}`, (d) => (d.organization as { id?: string } | undefined)?.id);
      case 'order':
        return this.ownerOf(`order-${String((req.params as Fields)?.[s.param]).toLowerCase()}`, (d) => d.organizationId as string | undefined);
      case 'stream':
        return this.ownerOf(`${s.prefix ?? ''}${String((req.params as Fields)?.[s.param]).toLowerCase()}`, (d) => (d.organization as { id?: string } | undefined)?.id ?? (d.organizationId as string | undefined));
    }
  }

  /** The owner of an aggregate, from its first event. A missing one is left to the handler (404), named by '' so no role is in scope. */
  private async ownerOf(stream: string, pick: (data: Record<string, unknown>) => string | undefined): Promise<string> {
    try {
      const [first] = await this.store.readStream(stream, { maxCount: 1 });
      return first ? (pick(first.data) ?? '') : '';
    } catch {
      return ''; // a malformed id: the route's own validation answers 400
    }
  }

  private async inJurisdiction(p: Principal, org: string): Promise<boolean> {
    if (!p.regulator) return false;
    const [first] = await this.store.readStream(`organization-${org}`, { maxCount: 1 }).catch(() => []);
    if (!first) return false;
    return underJurisdiction(p.regulator, first.data as { sectors: string[]; jurisdictions: string[] });
  }
}
