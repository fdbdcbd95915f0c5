import { EventStoreModule } from '@app/event-store';
import { CLOCK, Clock, systemClock } from '@app/kernel';
import { OrganizationsModule } from '@app/organizations';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { OrganizationsController } from './organizations/organizations.controller';

export interface AppOptions {
  config: AppConfig;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, clock = systemClock }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        EventStoreModule.forRoot({ url: config.EVENT_STORE_URL, now: () => clock.now() }),
        OrganizationsModule,
      ],
      controllers: [OrganizationsController, HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [CLOCK],
    };
  }
}
