import { HttpException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

interface Window {
  /** Start of the current window (ms). */
  start: number;
  current: number;
  previous: number;
  blockedUntil: number;
}

export interface Hit {
  /** Requests counted in the last window (the estimate below). */
  totalHits: number;
  isBlocked: boolean;
  /** Seconds until a blocked client may try again (0 when not blocked). */
  retryAfterSeconds: number;
}

/**
 * Rate-limit counters in O(1) per request: a sliding-window counter (the previous
 * window's count, weighted by how much of it still overlaps, plus the current one's).
 * A per-hit log (what @nestjs/throttler's in-memory storage kept) filters every hit of
 * the last minute on every request: at 1,000 requests a second from one address that is
 * 60,000 entries scanned per request. The estimate here never under-counts by more than
 * the previous window's weight, and uses two numbers per client. A client over the limit
 * is refused for one whole window.
 */
export class SlidingWindowRateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    sweepEveryMs = 60_000,
  ) {
    this.sweep = setInterval(() => this.evictIdle(), sweepEveryMs);
    this.sweep.unref();
  }

  hit(key: string): Hit {
    const now = this.now();
    const ttl = this.windowMs;
    let w = this.windows.get(key);
    if (!w) {
      w = { start: now, current: 0, previous: 0, blockedUntil: 0 };
      this.windows.set(key, w);
    }
    const elapsedWindows = Math.floor((now - w.start) / ttl);
    if (elapsedWindows >= 1) {
      w.previous = elapsedWindows === 1 ? w.current : 0;
      w.current = 0;
      w.start += elapsedWindows * ttl;
    }
    if (w.blockedUntil > now) return { totalHits: this.estimate(w, now), isBlocked: true, retryAfterSeconds: Math.ceil((w.blockedUntil - now) / 1000) };
    w.current++;
    const totalHits = this.estimate(w, now);
    if (totalHits <= this.limit) return { totalHits, isBlocked: false, retryAfterSeconds: 0 };
    w.blockedUntil = now + ttl;
    return { totalHits, isBlocked: true, retryAfterSeconds: Math.ceil(ttl / 1000) };
  }

  private estimate(w: Window, now: number): number {
    const overlap = 1 - (now - w.start) / this.windowMs;
    return Math.ceil(w.previous * overlap) + w.current;
  }

  /** Forgets clients idle for two whole windows and not blocked: their count would be zero. */
  evictIdle(): void {
    const now = this.now();
    for (const [id, w] of this.windows) if (now - w.start >= 2 * this.windowMs && w.blockedUntil <= now) this.windows.delete(id);
  }

  size(): number {
    return this.windows.size;
  }

  close(): void {
    clearInterval(this.sweep);
  }
}

/**
 * `RATE_LIMIT_PER_MINUTE` per client address, counted once per HTTP request (REST,
 * GraphQL, the dashboard's files alike) before routing: one synchronous check in a
 * Fastify hook. Over the limit: a 429 problem (the exception filter renders it) with
 * Retry-After.
 */
export function rateLimit(http: FastifyInstance, limiter: SlidingWindowRateLimiter): void {
  http.addHook('onRequest', (req, reply, done) => {
    const r = limiter.hit(req.ip);
    if (!r.isBlocked) return done();
    reply.header('Retry-After', String(r.retryAfterSeconds));
    done(
      new HttpException(
        { message: `Too many requests: more than ${limiter.limit} a minute from this address`, fr: `Trop de requêtes : plus de ${limiter.limit} par minute depuis cette adresse` },
        429,
      ),
    );
  });
  http.addHook('onClose', (_instance, done) => {
    limiter.close();
    done();
  });
}
