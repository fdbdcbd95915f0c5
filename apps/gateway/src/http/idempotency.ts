import { DomainError } from '@app/kernel';
import { READ_MODEL_DB, ReadModelDb } from '@app/projections';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, OnModuleInit } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { canonicalize } from 'json-canonicalize';
import { createHash } from 'node:crypto';
import { catchError, from, map, Observable, of, switchMap, throwError } from 'rxjs';

const KEY_RE = /^[\x21-\x7e]{1,200}$/;

/** A key is 1 to 200 visible ASCII characters; anything else is a 400 naming the header. */
function checkKey(key: unknown): void {
  if (typeof key !== 'string' || !KEY_RE.test(key)) {
    throw DomainError.validation([{ field: 'Idempotency-Key', rule: 'idempotencyKey', message: { en: 'must be 1 to 200 visible ASCII characters', fr: 'doit compter de 1 à 200 caractères ASCII visibles' } }]);
  }
}

/** A key left pending by a crash is re-executable after this long (the command's event ids make that safe). */
const PENDING_TTL_MS = 60_000;

interface Row {
  fingerprint: string;
  status: number | null;
  body: string | null;
  created_at: string;
}

/**
 * Idempotency-Key on every command, REST or GraphQL: the same key with the same request
 * gives the same response (replayed, `Idempotent-Replayed: true`); the same key with
 * another request is a 422 (IDEMPOTENCY_KEY_REUSED). Keys are scoped to the caller and
 * stored in the read-model database; the commands' event ids derive from the key too, so
 * even a re-execution after a crash between the append and this record writes nothing twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleInit {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  async onModuleInit(): Promise<void> {
    await this.db.run(
      `CREATE TABLE IF NOT EXISTS idempotency_keys (
         owner TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
         status INTEGER, body TEXT, created_at TEXT NOT NULL,
         PRIMARY KEY (owner, key))`,
    );
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = this.requestOf(ctx);
    if (!request) return next.handle();
    const { owner, key, fingerprint, replayed } = request;
    return from(this.claim(owner, key, fingerprint)).pipe(
      switchMap((stored) => {
        if (stored) {
          replayed(stored.status);
          return of(stored.body);
        }
        return next.handle().pipe(
          // Recorded before the response leaves, so a retry right after it is a replay.
          switchMap((body) => from(this.complete(owner, key, request.status(), body)).pipe(map(() => body))),
          catchError((e) => from(this.release(owner, key)).pipe(switchMap(() => throwError(() => e)))),
        );
      }),
    );
  }

  /**
   * What identifies a command sent with an Idempotency-Key: a REST POST or PUT (its method,
   * path and body), or one GraphQL mutation field of the request (its alias, name and
   * arguments: a document retried whole replays each of its mutations). Null when there is
   * nothing to remember (a read, no key).
   */
  private requestOf(ctx: ExecutionContext): { owner: string; key: string; fingerprint: string; status: () => number; replayed: (status: number) => void } | null {
    if (ctx.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(ctx);
      const info = gql.getInfo<GraphQLResolveInfo>();
      const context = gql.getContext<{ req: FastifyRequest; reply?: FastifyReply; idempotencyKey?: string }>();
      const { req, reply } = context;
      const key = req.headers['idempotency-key'];
      if (info.operation.operation !== 'mutation' || info.path.prev !== undefined || key === undefined) return null;
      checkKey(key);
      // The key of this field: its command's event ids derive from it (mutations run one after another, so setting it here is safe).
      context.idempotencyKey = `${key as string}#graphql:${String(info.path.key)}`;
      return {
        owner: req.user?.sub ?? 'anonymous',
        key: context.idempotencyKey,
        fingerprint: createHash('sha256').update(`graphql ${info.fieldName}\n${canonicalize(gql.getArgs() ?? null)}`).digest('hex'),
        status: () => 200,
        replayed: () => void reply?.header('Idempotent-Replayed', 'true'),
      };
    }
    if (ctx.getType() !== 'http') return null;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const res = ctx.switchToHttp().getResponse<FastifyReply>();
    const key = req.headers['idempotency-key'];
    if (req.method === 'GET' || key === undefined) return null;
    checkKey(key);
    return {
      owner: req.user?.sub ?? 'anonymous',
      key: key as string,
      fingerprint: createHash('sha256').update(`${req.method} ${req.originalUrl.split('?')[0]}\n${canonicalize(req.body ?? null)}`).digest('hex'),
      status: () => res.statusCode,
      replayed: (status) => void res.status(status).header('Idempotent-Replayed', 'true'),
    };
  }

  /** Returns the stored response to replay, or null when this request may run (the key is now ours). */
  private async claim(owner: string, key: string, fingerprint: string): Promise<{ status: number; body: unknown } | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.all<Row>('SELECT fingerprint, status, body, created_at FROM idempotency_keys WHERE owner = ? AND key = ?', [owner, key]);
      const now = new Date().toISOString();
      if (!row) {
        await tx.run('INSERT INTO idempotency_keys (owner, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, NULL, NULL, ?)', [owner, key, fingerprint, now]);
        return null;
      }
      if (row.fingerprint !== fingerprint) {
        throw DomainError.rule('IDEMPOTENCY_KEY_REUSED', {
          en: 'This Idempotency-Key was already used with another request',
          fr: 'Cette clé d’idempotence a déjà servi pour une autre requête',
        });
      }
      if (row.status === null) {
        if (Date.now() - Date.parse(row.created_at) < PENDING_TTL_MS) {
          throw DomainError.conflict('IDEMPOTENCY_KEY_IN_PROGRESS', { en: 'A request with this Idempotency-Key is still running', fr: 'Une requête avec cette clé d’idempotence est en cours' });
        }
        await tx.run('UPDATE idempotency_keys SET created_at = ? WHERE owner = ? AND key = ?', [now, owner, key]);
        return null;
      }
      return { status: Number(row.status), body: row.body === null ? null : JSON.parse(row.body) };
    });
  }

  private async complete(owner: string, key: string, status: number, body: unknown): Promise<void> {
    await this.db.run('UPDATE idempotency_keys SET status = ?, body = ? WHERE owner = ? AND key = ?', [status, JSON.stringify(body ?? null), owner, key]);
  }

  /** A failed request frees its key: nothing was written, so a retry may run again. */
  private async release(owner: string, key: string): Promise<void> {
    await this.db.run('DELETE FROM idempotency_keys WHERE owner = ? AND key = ? AND status IS NULL', [owner, key]);
  }
}
