import { EVENT_STORE, EventStore } from '@app/event-store';
import { PROJECTION_RUNNER, ProjectionRunner } from '@app/projections';
import { Public } from '../auth/auth.decorators';
import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { both } from '../http/bilingual';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Doc } from '../http/openapi';
import { Lifecycle } from '../lifecycle/lifecycle';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get()
  @Public()
  // Terminus would document the answers in English only: they are documented here.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: both('The event store answers; each projection’s lag is given', 'Le magasin d’événements répond; le retard de chaque projection est donné') })
  @ApiServiceUnavailableResponse({
    description: both('The event store does not answer, or this gateway is stopping (it still serves what it receives; send new requests to another)', 'Le magasin d’événements ne répond pas, ou cette passerelle s’arrête (elle sert encore ce qu’elle reçoit ; envoyez les nouvelles requêtes à une autre)'),
  })
  @Doc('Health: the event store and each projection’s lag', 'Santé : le magasin d’événements et le retard de chaque projection')
  async check(@Res({ passthrough: true }) res: FastifyReply) {
    try {
      return await this.checks();
    } catch (e) {
      // Unhealthy is an answer, not a failed request: the 503 carries each indicator, as the 200 does, for the operator.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503);
      return e.getResponse();
    }
  }

  private checks() {
    return this.health.check([
      // First: a load balancer reading only the status stops sending requests to a gateway that is stopping.
      async () => {
        const indicator = this.indicators.check('lifecycle');
        const since = this.lifecycle.stoppingSince;
        if (!since) return indicator.up({ state: 'serving' });
        return indicator.down({
          state: 'stopping',
          since: since.toISOString(),
          message: { en: 'This gateway is stopping: it serves what it has received; send new requests to another', fr: 'Cette passerelle s’arrête : elle sert ce qu’elle a reçu ; envoyez les nouvelles requêtes à une autre' },
        });
      },
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
      async () => {
        const indicator = this.indicators.check('projections');
        try {
          return indicator.up({ projections: await this.runner.status() });
        } catch (e) {
          return indicator.down({ error: e instanceof Error ? e.message : String(e) });
        }
      },
    ]);
  }
}
