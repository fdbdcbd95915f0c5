import { PROJECTION_RUNNER, ProjectionRunner } from '@app/projections';
import { Public } from '../auth/auth.decorators';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Gauge, Registry } from 'prom-client';

/** Prometheus metrics: projection lag in events and seconds. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();

  constructor(@Inject(PROJECTION_RUNNER) runner: ProjectionRunner) {
    const labelNames = ['projection', 'version', 'status'];
    const seconds = new Gauge({ name: 'vigie_projection_lag_seconds', help: 'Age of the oldest event not yet applied by a projection', labelNames, registers: [] });
    const position = new Gauge({ name: 'vigie_projection_position', help: 'Checkpoint (global position) of a projection', labelNames, registers: [] });
    // Collected first (registered first): reads the runner once and sets all three gauges.
    const events = new Gauge({
      name: 'vigie_projection_lag_events',
      help: 'Events in the log not yet applied by a projection',
      labelNames,
      registers: [],
      async collect() {
        this.reset();
        seconds.reset();
        position.reset();
        for (const s of await runner.status()) {
          const labels = { projection: s.name, version: String(s.version), status: s.status };
          this.set(labels, s.lagEvents);
          seconds.set(labels, s.lagSeconds);
          position.set(labels, s.position);
        }
      },
    });
    for (const g of [events, seconds, position]) this.registry.registerMetric(g);
  }

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
