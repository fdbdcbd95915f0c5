import { PROJECTION_RUNNER, ProjectionRunner, ProjectionStatus } from '@app/projections';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What an operator watches, in Prometheus's format at /metrics: each projection's lag and
 * checkpoint, every HTTP request's duration by method, route template and status, and the
 * process (event-loop delay, heap, GC, CPU) under the `vigie_` prefix.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(PROJECTION_RUNNER) runner: ProjectionRunner) {
    collectDefaultMetrics({ register: this.registry, prefix: 'vigie_' });
    // One read of the runner per scrape, shared by the three gauges (they are collected together).
    let inFlight: Promise<ProjectionStatus[]> | null = null;
    const statuses = () =>
      (inFlight ??= runner.status().finally(() => {
        inFlight = null;
      }));
    const labelNames = ['projection', 'version', 'status'] as const;
    const gauge = (name: string, help: string, value: (s: ProjectionStatus) => number) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const s of await statuses()) this.set({ projection: s.name, version: String(s.version), status: s.status }, value(s));
        },
      });
    gauge('vigie_projection_lag_events', 'Events in the log not yet applied by a projection', (s) => s.lagEvents);
    gauge('vigie_projection_lag_seconds', 'Age of the oldest event not yet applied by a projection', (s) => s.lagSeconds);
    gauge('vigie_projection_position', 'Checkpoint (global position) of a projection', (s) => s.position);
    this.requests = new Histogram({
      name: 'vigie_http_request_duration_seconds',
      help: 'HTTP requests by method, route template (never the URL: no ids, bounded labels) and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** One request answered: `route` is the route's template (`/api/v1/incidents/:id`), or "unmatched". */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }
}

/** Every request answered, measured when its response is sent (a Fastify hook, so problems and GraphQL count too). */
export function requestMetrics(http: FastifyInstance, metrics: GatewayMetrics): void {
  http.addHook('onResponse', (req, reply, done) => {
    metrics.observe(req.method, req.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
