import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { createEventStore } from './factory';
import { EVENT_STORE, EventStore } from './types';

@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(options: { url: string; now?: () => Date }): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useFactory: () => createEventStore(options.url, { now: options.now }) }],
      exports: [EVENT_STORE],
    };
  }

  /** For tests: a store opened by the caller. */
  static forStore(store: EventStore): DynamicModule {
    return { module: EventStoreModule, providers: [{ provide: EVENT_STORE, useValue: store }], exports: [EVENT_STORE] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
