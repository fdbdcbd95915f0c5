import { EVENT_STORE, EventStore, runDecider } from '@app/event-store';
import { Clock, CLOCK } from '@app/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderCommand, orderDecider, orderStream } from '../../domain/order';
import { OrderCommandResult, RecordOrderFactCommand } from './record-order-fact.command';

/** Completions, reviews, reports, (non-)compliance, amendments, lifting, payments: cases of the pure decider. */
@CommandHandler(RecordOrderFactCommand)
export class RecordOrderFactHandler implements ICommandHandler<RecordOrderFactCommand, OrderCommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: RecordOrderFactCommand): Promise<OrderCommandResult> {
    const command = { ...c.command, at: this.clock.now().toISOString() } as OrderCommand;
    const r = await runDecider(this.store, orderStream(c.orderId), orderDecider, command, c.context, { expectedRevision: c.expectedRevision });
    return { id: c.orderId, revision: r.revision, position: r.position };
  }
}
