import type { Bilingual } from '@app/kernel';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

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
