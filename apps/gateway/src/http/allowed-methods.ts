import type { FastifyInstance } from 'fastify';

/**
 * The methods each path answers, learnt from the routes as they are registered, so that a
 * request with a method the path does not take is a 405 with `Allow` (RFC 9110 §15.5.6), not
 * a 404 that says the resource does not exist.
 */
export function trackAllowedMethods(http: FastifyInstance): void {
  const routes: { pattern: RegExp; method: string }[] = [];
  http.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/:[^/]+/g, '[^/]+')}/?$`);
    for (const method of [route.method].flat()) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ pattern, method });
  });
  http.decorate('allowedMethods', (path: string) => [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort());
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The methods a path (without its query string) answers; none when no route matches it. */
    allowedMethods(path: string): string[];
  }
}
