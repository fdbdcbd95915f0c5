import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLang } from '../http/i18n';
import { Logger } from '@nestjs/common';
import { logProblem, toProblem } from '../http/problem-details.filter';
import { depthLimit, MAX_COMPLEXITY, MAX_DEPTH, noSubscriptions } from './limits';

/**
 * The French of a GraphQL protocol error (unreadable query, not in the schema, too deep,
 * too complex…): GraphQL's own wording, which names the schema's fields and types, is
 * kept after a French statement of what went wrong.
 */
function protocolFr(code: string, message: string, x: { depth?: number; complexity?: number; limit?: number }): string {
  switch (code) {
    case 'QUERY_TOO_DEEP':
      return `La requête est imbriquée sur ${x.depth} niveaux ; la limite est de ${x.limit}`;
    case 'QUERY_TOO_COMPLEX':
      return `La complexité de la requête (${x.complexity}) dépasse la limite de ${x.limit}`;
    case 'GRAPHQL_PARSE_FAILED':
      return `Requête GraphQL illisible : ${message}`;
    case 'GRAPHQL_VALIDATION_FAILED':
      return `Requête non conforme au schéma GraphQL : ${message}`;
    case 'BAD_REQUEST':
      return `Requête GraphQL mal formée : ${message}`;
    case 'SUBSCRIPTIONS_NOT_OFFERED':
      return `Vigie n’offre pas d’abonnements GraphQL : interrogez les requêtes, ou recevez les webhooks`;
    case 'PERSISTED_QUERY_NOT_SUPPORTED':
      return `Les requêtes persistées ne sont pas prises en charge : envoyez le texte de la requête`;
    case 'BAD_USER_INPUT':
      return `Valeur d’argument invalide : ${message}`;
    case 'OPERATION_RESOLUTION_FAILURE':
      return `Opération GraphQL introuvable : ${message}`;
    default:
      return `Requête GraphQL refusée : ${message}`;
  }
}

const logger = new Logger('Problem');

/**
 * What a resolver threw. GraphQL wraps a thrown value that is not an Error of this realm in
 * a NonErrorThrown, the value kept as `thrownValue`: the value is what says what happened
 * (a driver's error object with its code, an Error made in another realm: a worker, a VM
 * context, a native module initialised by another), and it maps as REST maps it.
 */
function thrown(error: GraphQLError): unknown {
  const original = error.originalError as (Error & { thrownValue?: unknown }) | undefined;
  return original && 'thrownValue' in original && original.name === 'NonErrorThrown' ? original.thrownValue : original;
}

/** Apollo errors keep their own codes (GRAPHQL_PARSE_FAILED, …); ours map through the same table as REST. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? thrown(error) : undefined;
  const apolloCode = formatted.extensions?.code;
  if (!original || original instanceof GraphQLError) {
    // Apollo re-codes validation errors; ours carry their own code alongside.
    const { vigieCode, depth, complexity, limit } = (formatted.extensions ?? {}) as { vigieCode?: string; depth?: number; complexity?: number; limit?: number };
    const code = String(vigieCode ?? apolloCode ?? 'GRAPHQL_ERROR');
    const limits = code === 'QUERY_TOO_DEEP' ? { depth, limit } : code === 'QUERY_TOO_COMPLEX' ? { complexity, limit } : {};
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...limits, i18n: { en: formatted.message, fr: protocolFr(code, formatted.message, { depth, complexity, limit }) } },
    };
  }
  const p = toProblem(original);
  logProblem(logger, original, p);
  return {
    message: p.detail.en,
    locations: formatted.locations,
    path: formatted.path,
    extensions: {
      code: p.code,
      status: p.status,
      ...(p.violations.length ? { errors: p.violations.map((v) => ({ field: v.field, rule: v.rule, message: v.message })) } : {}),
      i18n: p.detail,
      ...p.extra,
    },
  };
}

type WireError = { message: string; extensions?: Record<string, unknown> & { code?: string; i18n?: { fr: string; en: string }; errors?: { field: string; rule: string; message: { fr: string; en: string } | string }[] } };

/** One error in the caller's language: ours carry both (`i18n`), GraphQL's and Apollo's own are given their French. */
function inLanguage(e: WireError, lang: 'fr' | 'en'): WireError {
  const { i18n, ...extensions } = e.extensions ?? {};
  const code = String(extensions.code ?? 'GRAPHQL_ERROR');
  const message = i18n ? i18n[lang] : lang === 'fr' ? protocolFr(code, e.message, {}) : e.message;
  const errors = extensions.errors?.map((v) => ({ ...v, message: typeof v.message === 'string' ? v.message : v.message[lang] }));
  return { ...e, message, extensions: { ...extensions, code, ...(errors ? { errors } : {}) } };
}

/**
 * Every GraphQL error in the caller's language (Accept-Language or ?lang=), like the REST
 * problems, and with a code. Done on the answer as it leaves, not in an Apollo plugin:
 * Apollo answers some requests (a body without a query, `variables` that are not an
 * object…) before any plugin runs. Only answers that carry errors are read again.
 */
export function localizeGraphqlErrors(http: FastifyInstance): void {
  http.addHook('onSend', (req: FastifyRequest<{ Querystring: { lang?: string } }>, reply, payload, done) => {
    // An answer with a Content-Language is in the caller's language already (what stops a request before GraphQL reads it).
    if (!/^\/graphql(\?|$)/.test(req.url) || typeof payload !== 'string' || reply.hasHeader('Content-Language') || !payload.includes('"errors"')) return done(null, payload);
    let body: { errors?: WireError[] };
    try {
      body = JSON.parse(payload) as { errors?: WireError[] };
    } catch {
      return done(null, payload);
    }
    if (!Array.isArray(body.errors)) return done(null, payload);
    const lang = negotiateLang(req.headers['accept-language'], req.query?.lang);
    reply.header('Content-Language', lang);
    done(null, JSON.stringify({ ...body, errors: body.errors.map((e) => inLanguage(e, lang)) }));
  });
}

const complexityPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, schema }) {
        let complexity: number;
        try {
          complexity = getComplexity({ schema, operationName: request.operationName, query: document, variables: request.variables ?? {}, estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })] });
        } catch (e) {
          // The estimate coerces the variables first: a value of the wrong type, or a required
          // one missing, is the caller's mistake (400 BAD_USER_INPUT, as Apollo says it), not ours.
          if (e instanceof GraphQLError) throw new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          throw e;
        }
        if (complexity > MAX_COMPLEXITY) {
          throw new GraphQLError(`Query complexity ${complexity} exceeds the limit of ${MAX_COMPLEXITY}`, { extensions: { code: 'QUERY_TOO_COMPLEX', complexity, limit: MAX_COMPLEXITY } });
        }
      },
    };
  },
};

export const VigieGraphQLModule = GraphQLModule.forRoot<ApolloDriverConfig>({
  driver: ApolloDriver,
  path: '/graphql',
  autoSchemaFile: true,
  sortSchema: true,
  playground: false,
  introspection: true,
  includeStacktraceInErrorResponses: false,
  // Fastify's Apollo integration passes the request and the reply.
  context: (req: FastifyRequest<{ Querystring: { lang?: string } }>, reply: FastifyReply) => ({ req, reply, lang: negotiateLang(req.headers['accept-language'], req.query?.lang) }),
  formatError,
  validationRules: [depthLimit(MAX_DEPTH), noSubscriptions],
  // Every request sends its query text: no server-side cache of queries by hash to fill or to mismatch.
  persistedQueries: false,
  // Same interface, typed twice by Apollo's CommonJS and ES module builds.
  plugins: [complexityPlugin] as unknown as NonNullable<ApolloDriverConfig['plugins']>,
});
