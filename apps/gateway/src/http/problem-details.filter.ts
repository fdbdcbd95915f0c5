import { EventStoreError, IdempotencyConflictError, InvalidArgumentError, StoreClosedError, WrongExpectedRevisionError } from '@app/event-store';
import { Bilingual, DomainError, ErrorCategory, FieldViolation } from '@app/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLang } from './i18n';

const STATUS: Record<ErrorCategory, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
  unavailable: 503,
};

const TITLES: Record<number, Bilingual> = {
  400: { en: 'Invalid request', fr: 'Requête invalide' },
  401: { en: 'Authentication required', fr: 'Authentification requise' },
  403: { en: 'Forbidden', fr: 'Accès refusé' },
  404: { en: 'Not found', fr: 'Introuvable' },
  405: { en: 'Method not allowed', fr: 'Méthode non permise' },
  409: { en: 'Conflict', fr: 'Conflit' },
  413: { en: 'Request too large', fr: 'Requête trop volumineuse' },
  415: { en: 'Unsupported media type', fr: 'Type de contenu non pris en charge' },
  422: { en: 'Rule violated', fr: 'Règle non respectée' },
  429: { en: 'Too many requests', fr: 'Trop de requêtes' },
  500: { en: 'Internal error', fr: 'Erreur interne' },
  503: { en: 'Service unavailable', fr: 'Service indisponible' },
};

/** The platform's refusals of a body, under the codes the API has always answered with. */
const PLATFORM_ERRORS: Record<string, { code: string; detail: Bilingual }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'ENTITY_PARSE_FAILED', detail: { en: 'The body is not valid JSON', fr: 'Le corps de la requête n’est pas du JSON valide' } },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'ENTITY_TOO_LARGE', detail: { en: 'The body is larger than the limit', fr: 'Le corps de la requête dépasse la limite' } },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'ENTITY_LENGTH_MISMATCH', detail: { en: 'The body’s size does not match its Content-Length', fr: 'La taille du corps ne correspond pas à son Content-Length' } },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: { en: 'The body must be application/json', fr: 'Le corps doit être en application/json' } },
};

interface Problem {
  status: number;
  code: string;
  detail: Bilingual;
  violations: FieldViolation[];
  extra: Record<string, unknown>;
  /** A 503's Retry-After, in seconds (1 unless said). */
  retryAfterSeconds?: number;
}

/**
 * A database that cannot be reached (PostgreSQL down, restarting or failing over, a network
 * cut, SQLite locked past its timeout, EventStoreDB without a leader): a 503 to retry, not
 * a 500. PostgreSQL's connection classes are 08 and 57P; the driver's own timeouts and
 * dropped connections carry no code.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'SQLITE_BUSY', 'SQLITE_BUSY_TIMEOUT']);
export function unreachable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; type?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNREACHABLE_CODES.has(code) || /^08\d{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  if (e.type === 'unavailable' || e.type === 'not-leader') return true; // @eventstore/db-client
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}

/**
 * A store that is reached but cannot write: its disk is full (SQLite's SQLITE_FULL,
 * PostgreSQL's 53100 disk_full), or it accepts no writes (a file system remounted read-only
 * after errors, a file made read-only: SQLITE_READONLY and its variants; a PostgreSQL
 * standby reached after a failover: 25006 read_only_sql_transaction). Nothing was written
 * (the group commit fails as a whole, see the SQLite store); reads still work. An operator
 * must act, so the answer says so and asks for a retry in a minute, not a second.
 */
export function storageFault(error: unknown): 'full' | 'readOnly' | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === '53100') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code === '25006') return 'readOnly';
  return null;
}

const STORAGE_FAULTS: Record<'full' | 'readOnly', { code: string; detail: Bilingual }> = {
  full: {
    code: 'STORE_FULL',
    detail: {
      en: 'The event store’s disk is full: nothing was written, and records can still be read. An operator must free space; try again then.',
      fr: 'Le disque du magasin d’événements est plein : rien n’a été écrit, et la consultation fonctionne toujours. Un exploitant doit libérer de l’espace ; réessayez ensuite.',
    },
  },
  readOnly: {
    code: 'STORE_READ_ONLY',
    detail: {
      en: 'The event store accepts no writes (a read-only file system or database): nothing was written, and records can still be read. Try again once an operator has restored it.',
      fr: 'Le magasin d’événements n’accepte aucune écriture (système de fichiers ou base en lecture seule) : rien n’a été écrit, et la consultation fonctionne toujours. Réessayez une fois le service rétabli par un exploitant.',
    },
  },
};

/** Maps any error to a problem description, once, for every transport. */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    return { status: STATUS[error.category], code: error.code, detail: error.text, violations: error.violations, extra: error.details };
  }
  if (error instanceof WrongExpectedRevisionError) {
    return {
      status: 409,
      code: 'CONCURRENCY_CONFLICT',
      detail: {
        en: 'Someone else changed this record since you read it; reload it and try again.',
        fr: 'Quelqu’un d’autre a modifié cet enregistrement depuis votre lecture ; rechargez-le et réessayez.',
      },
      violations: [],
      extra: { stream: error.stream, expectedRevision: error.expected, actualRevision: error.actual },
    };
  }
  if (error instanceof IdempotencyConflictError) {
    return { status: 409, code: error.code, detail: { en: error.message, fr: `Reprise non identique à l’original : ${error.message}` }, violations: [], extra: {} };
  }
  if (error instanceof InvalidArgumentError && (error.rule === 'maxBytes' || error.rule === 'maxCount')) {
    // The request passed validation, but what it would record exceeds what one append may hold.
    return {
      status: 413,
      code: 'RECORD_TOO_LARGE',
      detail: {
        en: 'What this request would record is larger than the store holds in one write (1 MB an event, 5,000 events): send it in smaller parts (fewer persons, shorter texts). Nothing was written.',
        fr: 'Ce que cette requête consignerait dépasse ce que le magasin accepte en une écriture (1 Mo par événement, 5 000 événements) : envoyez-le en plus petites parties (moins de personnes, textes plus courts). Rien n’a été écrit.',
      },
      violations: [],
      extra: {},
    };
  }
  if (error instanceof InvalidArgumentError) {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: { en: error.message, fr: `Argument invalide : ${error.message}` },
      violations: [{ field: error.field, rule: error.rule, message: { en: error.message, fr: error.message } }],
      extra: {},
    };
  }
  if (error instanceof StoreClosedError) {
    return { status: 503, code: error.code, detail: { en: 'The event store is closed: the service is stopping', fr: 'Le magasin d’événements est fermé : le service s’arrête' }, violations: [], extra: {} };
  }
  if (error instanceof EventStoreError) {
    return { status: 503, code: error.code, detail: { en: error.message, fr: `Magasin d’événements indisponible : ${error.message}` }, violations: [], extra: {} };
  }
  const fault = storageFault(error);
  if (fault) return { status: 503, ...STORAGE_FAULTS[fault], violations: [], extra: {}, retryAfterSeconds: 60 };
  if (unreachable(error)) {
    return {
      status: 503,
      code: 'STORE_UNAVAILABLE',
      detail: { en: 'The event store or the read models cannot be reached; nothing was written, try again shortly', fr: 'Le magasin d’événements ou les modèles de lecture sont injoignables; rien n’a été écrit, réessayez sous peu' },
      violations: [],
      extra: {},
    };
  }
  if (error instanceof HttpException) {
    // Nest wraps Fastify's refusals (malformed JSON, too large, media type) with the original as cause.
    const cause = error.cause as { code?: unknown } | undefined;
    if (typeof cause?.code === 'string' && cause.code in PLATFORM_ERRORS) return toProblem(cause);
    const status = error.getStatus();
    const title = TITLES[status] ?? TITLES[500];
    const body = error.getResponse();
    const message = typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : error.message;
    // Our own HttpExceptions carry their French beside the message; Nest's get the status's French title.
    const fr = typeof body === 'object' && body && 'fr' in body ? String((body as { fr: unknown }).fr) : title.fr;
    return { status, code: `HTTP_${status}`, detail: status === 404 ? { en: 'No such resource', fr: 'Ressource inexistante' } : { en: message, fr }, violations: [], extra: {} };
  }
  // Fastify's own refusals (body parsing, size, media type) carry a status and an FST_ code.
  const e = error as { statusCode?: number; code?: string };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const known = typeof e.code === 'string' ? PLATFORM_ERRORS[e.code] : undefined;
    if (known) return { status: e.statusCode, code: known.code, detail: known.detail, violations: [], extra: {} };
    return { status: e.statusCode, code: `HTTP_${e.statusCode}`, detail: TITLES[e.statusCode] ?? TITLES[400], violations: [], extra: {} };
  }
  return { status: 500, code: 'INTERNAL_ERROR', detail: { en: 'An unexpected error occurred', fr: 'Une erreur inattendue est survenue' }, violations: [], extra: {} };
}

/** A path that exists, asked with a method it does not take: 405 with `Allow`, not "no such resource". */
function methodNotAllowed(error: unknown, req: FastifyRequest, res: FastifyReply): Problem | null {
  if (!(error instanceof NotFoundException) || !/^Cannot [A-Z]+ /.test(error.message)) return null; // the router's own 404
  const allowed = req.server.allowedMethods?.(req.url.split('?')[0]) ?? [];
  if (allowed.length === 0) return null;
  res.header('Allow', allowed.join(', '));
  return {
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    detail: { en: `${req.method} is not allowed here; allowed: ${allowed.join(', ')}`, fr: `${req.method} n’est pas permis ici; permis : ${allowed.join(', ')}` },
    violations: [],
    extra: {},
  };
}

const isGraphqlRequest = (req: FastifyRequest) => req.url === '/graphql' || req.url.startsWith('/graphql?');

/**
 * A body too large says how large a body may be (the route's limit, `BODY_LIMIT`) and what
 * to do: a list of 5,000 persons is valid, but with their contact details it is megabytes.
 */
function withBodyLimit(p: Problem, req: FastifyRequest): Problem {
  const limit = req.routeOptions?.bodyLimit;
  if (p.code !== 'ENTITY_TOO_LARGE' || typeof limit !== 'number') return p;
  const kb = Math.floor(limit / 1024);
  return {
    ...p,
    detail: {
      en: `The body is larger than this service accepts (${kb.toLocaleString('en-CA')} KB, BODY_LIMIT): send less in one request (fewer persons, shorter texts). Nothing was written.`,
      fr: `Le corps de la requête dépasse ce que ce service accepte (${kb.toLocaleString('fr-CA').replace(/\s/g, '\u00a0')}\u00a0Ko, BODY_LIMIT) : envoyez-en moins par requête (moins de personnes, des textes plus courts). Rien n’a été écrit.`,
    },
    extra: { ...p.extra, limitBytes: limit },
  };
}

/**
 * What an operator must see of a problem, whichever transport answered it: an unexpected
 * error with its stack, a store that cannot be reached, a store that cannot write.
 */
export function logProblem(logger: Logger, error: unknown, p: Problem): void {
  if (p.status >= 500 && p.status !== 503) logger.error(error instanceof Error ? error.stack : String(error));
  if (p.code === 'STORE_UNAVAILABLE') logger.warn(`store unreachable: ${error instanceof Error ? error.message : String(error)}`);
  if (storageFault(error)) logger.error(`store cannot write (${p.code}): ${error instanceof Error ? error.message : String(error)}`);
}

/** RFC 9457 application/problem+json, in the caller's language, never a stack trace (GraphQL's shape on /graphql). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const req = host.switchToHttp().getRequest<FastifyRequest<{ Querystring: { lang?: string } }>>();
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const p = withBodyLimit(methodNotAllowed(error, req, res) ?? toProblem(error), req);
    logProblem(this.logger, error, p);
    if (p.status === 503) res.header('Retry-After', String(p.retryAfterSeconds ?? 1));
    const lang = negotiateLang(req.headers['accept-language'], req.query?.lang);
    if (isGraphqlRequest(req)) {
      // What stops a GraphQL request before GraphQL reads it (a body that is not JSON, too large, malformed Unicode, the rate
      // limit): answered as GraphQL clients read errors, with the same code and fields as everywhere else.
      const extensions = { code: p.code, status: p.status, ...(p.violations.length ? { errors: p.violations.map((v) => ({ field: v.field, rule: v.rule, message: v.message[lang] })) } : {}) };
      res.status(p.status).header('Content-Language', lang).type('application/json').send(JSON.stringify({ errors: [{ message: p.detail[lang], extensions }] }));
      return;
    }
    res
      .status(p.status)
      .header('Content-Language', lang)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: `https://vigie.example/problems/${p.code.toLowerCase().replace(/_/g, '-')}`,
          title: (TITLES[p.status] ?? TITLES[500])[lang],
          status: p.status,
          code: p.code,
          detail: p.detail[lang],
          instance: req.originalUrl,
          ...(p.violations.length ? { errors: p.violations.map((v) => ({ field: v.field, rule: v.rule, message: v.message[lang] })) } : {}),
          ...p.extra,
        }),
      );
  }
}
