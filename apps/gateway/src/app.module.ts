import { EventStoreModule } from '@app/event-store';
import { CLOCK, Clock, systemClock } from '@app/kernel';
import { IncidentsModule } from '@app/incidents';
import { OrdersModule } from '@app/orders';
import { OrganizationsModule } from '@app/organizations';
import { ProjectionsModule } from '@app/projections';
import { RulesModule } from '@app/rules';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { IncidentsController } from './incidents/incidents.controller';
import { OrdersController } from './orders/orders.controller';
import { ReadModelsController } from './read-models/read-models.controller';
import { OrganizationsController } from './organizations/organizations.controller';

export interface AppOptions {
  config: AppConfig;
  clock?: Clock;
}

/** Time is injected (the domain never reads the system clock), and tests drive it. */
@Global()
@Module({})
class ClockModule {
  static forRoot(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}

@Module({})
export class AppModule {
  static forRoot({ config, clock = systemClock }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ClockModule.forRoot(clock),
        CqrsModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        EventStoreModule.forRoot({ url: config.EVENT_STORE_URL, now: () => clock.now() }),
        RulesModule,
        OrganizationsModule,
        IncidentsModule,
        ScheduleModule.forRoot(),
        ProjectionsModule.forRoot({ readModelUrl: config.READ_MODEL_URL, dataDir: config.DATA_DIR, run: true }),
        OrdersModule.forRoot({ penaltyClock: config.PENALTY_CLOCK_ENABLED }),
      ],
      controllers: [OrganizationsController, IncidentsController, OrdersController, ReadModelsController, HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
