import { EVENT_STORE, EventStore } from '@app/event-store';
import { PROJECTION_RUNNER, ProjectionRunner } from '@app/projections';
import { Public } from '../auth/auth.decorators';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { both } from '../http/bilingual';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Doc } from '../http/openapi';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Get()
  @Public()
  // Terminus would document the answers in English only: they are documented here.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: both('The event store answers; each projection’s lag is given', 'Le magasin d’événements répond; le retard de chaque projection est donné') })
  @ApiServiceUnavailableResponse({ description: both('The event store does not answer', 'Le magasin d’événements ne répond pas') })
  @Doc('Health: the event store and each projection’s lag', 'Santé : le magasin d’événements et le retard de chaque projection')
  check() {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('eventStore');
        try {
          await this.store.ping();
          return indicator.up({ backend: this.store.backend, headPosition: await this.store.headPosition() });
        } catch (e) {
          return indicator.down({ backend: this.store.backend, error: e instanceof Error ? e.message : String(e) });
        }
      },
      // Lag is reported, not judged: a projection catching up is healthy, just behind.
      async () => this.indicators.check('projections').up({ projections: await this.runner.status() }),
    ]);
  }
}
