import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLang } from '../http/i18n';
import { toProblem } from '../http/problem-details.filter';
import { depthLimit, MAX_COMPLEXITY, MAX_DEPTH } from './limits';

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
    case 'BAD_USER_INPUT':
      return `Valeur d’argument invalide : ${message}`;
    case 'OPERATION_RESOLUTION_FAILURE':
      return `Opération GraphQL introuvable : ${message}`;
    default:
      return `Requête GraphQL refusée : ${message}`;
  }
}

/** Apollo errors keep their own codes (GRAPHQL_PARSE_FAILED, …); ours map through the same table as REST. */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
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

/** Messages in the caller's language (Accept-Language or ?lang=), like the REST problems. */
const languagePlugin: ApolloServerPlugin<{ lang: 'fr' | 'en' }> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = response.body.singleResult.errors.map((e) => {
          const i18n = e.extensions?.i18n as { fr: string; en: string } | undefined;
          if (!i18n) return e;
          const { i18n: _drop, ...extensions } = e.extensions!;
          const errors = (extensions.errors as { field: string; rule: string; message: { fr: string; en: string } }[] | undefined)?.map((v) => ({ ...v, message: v.message[contextValue.lang] }));
          return { ...e, message: i18n[contextValue.lang], extensions: { ...extensions, ...(errors ? { errors } : {}) } };
        });
      },
    };
  },
};

const complexityPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, schema }) {
        let complexity: number;
        try {
          complexity = getComplexity({ schema, operationName: request.operationName, query: document, variables: request.variables ?? {}, estimators: [simpleEstimator({ defaultComplexity: 1 })] });
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
  validationRules: [depthLimit(MAX_DEPTH)],
  // Same interface, typed twice by Apollo's CommonJS and ES module builds.
  plugins: [languagePlugin, complexityPlugin] as unknown as NonNullable<ApolloDriverConfig['plugins']>,
});
