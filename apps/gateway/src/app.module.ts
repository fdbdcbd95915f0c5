import { EventStoreModule } from '@app/event-store';
import { CLOCK, Clock, systemClock } from '@app/kernel';
import { IncidentsModule } from '@app/incidents';
import { OrdersModule } from '@app/orders';
import { OrganizationsModule } from '@app/organizations';
import { ProjectionsModule } from '@app/projections';
import { RulesModule } from '@app/rules';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { loadOrCreateKey, SigningKey, TokenConfig, TokenVerifier } from '@app/auth';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { IdempotencyInterceptor } from './http/idempotency';
import { VigieGraphQLModule } from './graphql/graphql.config';
import { VigieResolver } from './graphql/resolvers';
import { AuthGuard } from './auth/auth.guard';
import { AUTH_KEY, TOKEN_CONFIG, TOKEN_VERIFIER } from './auth/auth.tokens';
import { ScopeService } from './auth/scope.service';
import { WellKnownController } from './auth/well-known.controller';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig } from './config/config';
import { HealthController } from './health/health.controller';
import { Lifecycle } from './lifecycle/lifecycle';
import { MetricsController } from './health/metrics.controller';
import { GatewayMetrics } from './health/metrics';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { IncidentsController } from './incidents/incidents.controller';
import { OrdersController } from './orders/orders.controller';
import { AuditController } from './audit/audit.controller';
import { AnchorScheduler } from './audit/anchor.scheduler';
import { AuditService } from '@app/audit';
import { SNAPSHOT_KEY, SnapshotsService } from '@app/snapshots';
import { SnapshotsController } from './snapshots/snapshots.controller';
import { OutboxService } from './webhooks/outbox.service';
import { AffectedPersonsController } from './incidents/affected-persons.controller';
import { PrivacyModule } from '@app/privacy';
import { WebhooksController } from './webhooks/webhooks.controller';
import { ReadModelsController } from './read-models/read-models.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { RemindersController } from './reminders/reminders.controller';
import { ExportsController } from './exports/exports.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { ReminderService } from './reminders/reminder.service';

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
        DiscoveryModule,
        CqrsModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
        EventStoreModule.forRoot({ url: config.EVENT_STORE_URL, now: () => clock.now() }),
        RulesModule,
        OrganizationsModule,
        IncidentsModule,
        ScheduleModule.forRoot(),
        VigieGraphQLModule,
        ProjectionsModule.forRoot({ readModelUrl: config.READ_MODEL_URL, dataDir: config.DATA_DIR, run: config.PROJECTIONS_ENABLED, gatherMs: config.PROJECTION_GATHER_MS }),
        OrdersModule.forRoot({ penaltyClock: config.PENALTY_CLOCK_ENABLED }),
        PrivacyModule,
      ],
      controllers: [DashboardController, RemindersController, ExportsController, AuditController, SnapshotsController, WebhooksController, AffectedPersonsController, OrganizationsController, IncidentsController, OrdersController, ReadModelsController, HealthController, MetricsController, WellKnownController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: AUTH_KEY, useFactory: () => loadOrCreateKey(config.DATA_DIR, 'auth') },
        { provide: TOKEN_CONFIG, useValue: { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, jwksUrl: config.AUTH_JWKS_URL } satisfies TokenConfig },
        { provide: TOKEN_VERIFIER, inject: [TOKEN_CONFIG, AUTH_KEY], useFactory: (c: TokenConfig, key: SigningKey) => new TokenVerifier(c, [key]) },
        { provide: APP_GUARD, useClass: AuthGuard },
        ScopeService,
        GatewayMetrics,
        Lifecycle,
        AuditService,
        SnapshotsService,
        OutboxService,
        ReminderService,
        { provide: SNAPSHOT_KEY, useFactory: () => loadOrCreateKey(config.DATA_DIR, 'snapshots') },
        AnchorScheduler,
        VigieResolver,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
