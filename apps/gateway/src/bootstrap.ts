import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { mkdirSync } from 'node:fs';
import { AppModule, AppOptions } from './app.module';
import { bodyShapeGuard } from './http/body-shape';
import { correlationId } from './http/request-context';
import { createValidationPipe } from './http/validation';
import { accessLog, createLogger, PinoNestLogger } from './http/logging';

/** Builds the application (shared by main.ts and the e2e tests, so tests run what users run). */
export async function createApp(options: AppOptions): Promise<INestApplication> {
  mkdirSync(options.config.DATA_DIR, { recursive: true });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  const logger = createLogger(options.config);
  app.useLogger(options.config.NODE_ENV === 'test' ? false : new PinoNestLogger(logger));
  // Security headers; the Swagger UI at /docs needs its inline scripts and styles.
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
    }),
  );
  app.useBodyParser('json', { limit: options.config.BODY_LIMIT, strict: true });
  app.use(bodyShapeGuard);
  app.disable('x-powered-by');
  app.use((req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    req.correlationId = correlationId(req);
    res.setHeader('X-Correlation-Id', req.correlationId);
    next();
  });
  app.use(accessLog(logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vigie API')
      .setDescription('Event-sourced regulatory compliance tracker — suivi de conformité réglementaire (Loi 25, LPRPDE, RGPD, AMF, BSIF)')
      .setVersion(process.env.npm_package_version ?? '0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
      .build(),
  );
  const http = app.getHttpAdapter().getInstance();
  http.get('/openapi.json', (_req: Request, res: Response) => res.json(document));
  SwaggerModule.setup('docs', app, document);
  return app;
}
