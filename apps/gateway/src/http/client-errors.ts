import type { Bilingual } from '@app/kernel';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLang } from './i18n';

/** The router's limit on one path segment (Fastify's default): identifiers here are at most 82 characters (a delivery's stream). */
export const MAX_PARAM_LENGTH = 100;

/** What Node's HTTP parser refuses before any route, header or language is read. */
const REFUSALS: Record<string, { status: number; code: string; title: Bilingual; detail: Bilingual }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    title: { en: 'Request headers too large', fr: 'En-têtes de requête trop volumineux' },
    detail: { en: `The request’s headers exceed ${maxHeaderSize / 1024} KB in all`, fr: `Les en-têtes de la requête dépassent ${maxHeaderSize / 1024} Ko en tout` },
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    title: { en: 'Request timeout', fr: 'Délai de requête dépassé' },
    detail: { en: 'The request did not arrive whole in time', fr: 'La requête n’est pas arrivée entière à temps' },
  },
};
const MALFORMED = {
  status: 400,
  code: 'MALFORMED_HTTP',
  title: { en: 'Invalid request', fr: 'Requête invalide' },
  detail: { en: 'The request is not well-formed HTTP', fr: 'La requête n’est pas du HTTP bien formé' },
};

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refuses (headers over the limit,
 * a request that never finished arriving, bytes that are not HTTP) is answered as every
 * other refusal is, a problem+json, where Fastify would write its own JSON. Its headers were
 * not read, so no language was asked for: the answer is in both.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const r = REFUSALS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({
    type: `https://vigie.example/problems/${r.code.toLowerCase().replace(/_/g, '-')}`,
    title: `${r.title.en} / ${r.title.fr}`,
    status: r.status,
    code: r.code,
    detail: `${r.detail.en} / ${r.detail.fr}`,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status]}\r\nContent-Type: application/problem+json\r\nContent-Language: en, fr\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** What Fastify's router refuses before any route runs: a path that is not a URL, a path segment past the router's limit. */
const ROUTER_REFUSALS: Record<string, { status: number; code: string; title: Bilingual; detail: Bilingual }> = {
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'BAD_URL',
    title: { en: 'Invalid request', fr: 'Requête invalide' },
    detail: { en: 'The path is not a valid URL (a “%” must start a percent-encoded byte)', fr: 'Le chemin n’est pas une URL valide (un « % » doit commencer un octet encodé en pourcentage)' },
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'PATH_SEGMENT_TOO_LONG',
    title: { en: 'URI too long', fr: 'URI trop longue' },
    detail: { en: `A segment of the path is longer than ${MAX_PARAM_LENGTH} characters: no identifier of this API is`, fr: `Un segment du chemin dépasse ${MAX_PARAM_LENGTH} caractères : aucun identifiant de cette API n’est aussi long` },
  },
};

/**
 * Fastify's `frameworkErrors`: the router's own refusals (above) are answered as every other
 * refusal is, a problem+json in the caller's language, where Fastify would write its own JSON.
 */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const r = ROUTER_REFUSALS[error.code ?? ''] ?? ROUTER_REFUSALS.FST_ERR_BAD_URL;
  const lang = negotiateLang(request.headers['accept-language']);
  void reply
    .code(r.status)
    .header('Content-Language', lang)
    .type('application/problem+json')
    .send(JSON.stringify({ type: `https://vigie.example/problems/${r.code.toLowerCase().replace(/_/g, '-')}`, title: r.title[lang], status: r.status, code: r.code, detail: r.detail[lang], instance: request.url }));
}
