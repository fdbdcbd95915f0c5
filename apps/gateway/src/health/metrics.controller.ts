import { unauthenticated } from '@app/auth';
import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG, AppConfig } from '../config/config';
import { GatewayMetrics } from './metrics';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Prometheus metrics (see GatewayMetrics); behind `METRICS_TOKEN` when it is set. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | null;

  constructor(
    private readonly gateway: GatewayMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expected = config.METRICS_TOKEN ? digest(`Bearer ${config.METRICS_TOKEN}`) : null;
  }

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(@Headers('authorization') authorization: string | undefined): Promise<string> {
    // Compared as digests, in constant time: neither the token nor its length leaks by timing.
    if (this.expected && !timingSafeEqual(digest(authorization ?? ''), this.expected)) {
      throw unauthenticated('/metrics asks for the METRICS_TOKEN: send "Authorization: Bearer <METRICS_TOKEN>"', '/metrics demande le METRICS_TOKEN : envoyez « Authorization: Bearer <METRICS_TOKEN> »');
    }
    return this.gateway.registry.metrics();
  }
}
