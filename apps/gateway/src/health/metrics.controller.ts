import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { GatewayMetrics } from './metrics';

/** Prometheus metrics (see GatewayMetrics). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly gateway: GatewayMetrics) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.gateway.registry.metrics();
  }
}
