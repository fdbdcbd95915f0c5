import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { mkdirSync } from 'node:fs';
import { SOFTWARE_VERSION } from '@app/snapshots';
import { both } from './http/bilingual';
import { AppModule, AppOptions } from './app.module';
import { trackAllowedMethods } from './http/allowed-methods';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './http/client-errors';
import { bodyLimitBytes, trustProxy } from './config/config';
import { jsonBodyParser } from './http/body-shape';
import { GatewayMetrics, requestMetrics } from './health/metrics';
import { localizeGraphqlErrors } from './graphql/graphql.config';
import { noStore } from './http/cache-control';
import { accessLog, createLogger, PinoNestLogger } from './http/logging';
import { rateLimit, SlidingWindowRateLimiter } from './http/rate-limit';
import { correlationId } from './http/request-context';
import { createValidationPipe } from './http/validation';
import { closeConnectionsWhileStopping, Lifecycle } from './lifecycle/lifecycle';
import { CommandResultDto, documentSharedBehaviour, ProblemDto } from './http/openapi';

/**
 * Builds the application (shared by main.ts and the e2e tests, so tests run what users run).
 *
 * The HTTP platform is Fastify: on this project's machines a bare Nest route answers about
 * four times as many requests per second on Fastify as on Express (bench/load.bench.ts
 * measures both), and every request's fixed cost is what bounds the gateway's latency.
 */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 }); // owner-only when Vigie creates it
  // return503OnClosing off: a request that arrives on an open connection while the server closes is served in full
  // (the store is still open; its answer closes the connection), not refused with Fastify's own English 503.
  const adapter = new FastifyAdapter({ clientErrorHandler, frameworkErrors, return503OnClosing: false, bodyLimit: bodyLimitBytes(config.BODY_LIMIT), trustProxy: trustProxy(config.TRUST_PROXY), routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH } });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, { bufferLogs: true, bodyParser: false, abortOnError: false });
  const logger = createLogger(config);
  app.useLogger(config.NODE_ENV === 'test' ? false : new PinoNestLogger(logger));
  // Security headers (computed once at start). Scripts come from this origin only, never
  // inline: the dashboard holds a bearer token, and an injected <script> or onerror= must not
  // run. The Swagger UI at /docs loads its scripts as files too; it needs inline styles.
  app.useSecurityHeaders({
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
  });
  const http = app.getHttpAdapter().getInstance();
  trackAllowedMethods(http);
  // Bodies are JSON objects or nothing: any other media type is a 415.
  http.removeAllContentTypeParsers();
  http.addContentTypeParser('application/json', { parseAs: 'string' }, jsonBodyParser(http.getDefaultJsonParser('error', 'error')));
  http.decorateRequest('correlationId', '');
  http.decorateRequest('user', undefined);
  http.addHook('onRequest', (req, reply, done) => {
    req.correlationId = correlationId(req);
    reply.header('X-Correlation-Id', req.correlationId);
    done();
  });
  noStore(http);
  localizeGraphqlErrors(http);
  accessLog(logger, http);
  requestMetrics(http, app.get(GatewayMetrics));
  rateLimit(http, new SlidingWindowRateLimiter(config.RATE_LIMIT_PER_MINUTE));
  closeConnectionsWhileStopping(http, app.get(Lifecycle));
  app.useGlobalPipes(createValidationPipe());
  const described = new DocumentBuilder()
    .setTitle('Vigie API')
    .setDescription(both('Event-sourced regulatory compliance tracker (Law 25, PIPEDA, GDPR, AMF, OSFI)', 'Suivi de conformité réglementaire par événements (Loi 25, LPRPDE, RGPD, AMF, BSIF)'))
    .setVersion(SOFTWARE_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  const document = documentSharedBehaviour(SwaggerModule.createDocument(app, described, { extraModels: [CommandResultDto, ProblemDto] }));
  http.get('/openapi.json', (_req, reply) => reply.send(document));
  SwaggerModule.setup('docs', app, document);
  return app;
}

/** Ready to serve without listening (the e2e tests' supertest): Nest's init, then Fastify's. */
export async function initApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** From `X-Correlation-Id` or new; echoed on the response and carried by every event the request writes. */
    correlationId: string;
    /** The authenticated principal (set by the auth guard). */
    user?: import('@app/auth').Principal;
  }
}
