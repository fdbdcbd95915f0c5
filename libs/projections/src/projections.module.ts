import { EVENT_STORE, EventStore } from '@app/event-store';
import { Clock, CLOCK } from '@app/kernel';
import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ALL_PROJECTIONS } from './aggregate-projections';
import { QUERY_HANDLERS } from './application/queries';
import { PROJECTION_RUNNER, READ_MODEL_DB } from './projections.tokens';
import { openReadModelDb, ReadModelDb } from './read-model-db';
import { ProjectionRunner } from './runner';

@Injectable()
class RunnerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject('PROJECTIONS_RUN') private readonly run: boolean,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    if (this.run) await this.runner.start();
    else await this.runner.register();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.db.close();
  }
}

@Global()
@Module({})
export class ProjectionsModule {
  static forRoot(options: { readModelUrl?: string; dataDir: string; run: boolean; gatherMs?: number }): DynamicModule {
    const logger = new Logger('Projections');
    return {
      module: ProjectionsModule,
      imports: [CqrsModule],
      providers: [
        { provide: READ_MODEL_DB, useFactory: () => openReadModelDb(options.readModelUrl, options.dataDir) },
        {
          provide: PROJECTION_RUNNER,
          inject: [EVENT_STORE, READ_MODEL_DB, CLOCK],
          useFactory: (store: EventStore, db: ReadModelDb, clock: Clock) =>
            new ProjectionRunner(store, db, ALL_PROJECTIONS, { now: () => clock.now(), gatherMs: options.gatherMs, onError: (name, e) => logger.error(`${name}: ${e instanceof Error ? e.message : String(e)}`) }),
        },
        { provide: 'PROJECTIONS_RUN', useValue: options.run },
        RunnerLifecycle,
        ...QUERY_HANDLERS,
      ],
      exports: [READ_MODEL_DB, PROJECTION_RUNNER],
    };
  }
}
