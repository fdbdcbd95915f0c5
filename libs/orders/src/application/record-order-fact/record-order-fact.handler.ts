import { EVENT_STORE, EventStore, runDecider } from '@app/event-store';
import { Clock, CLOCK } from '@app/kernel';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderCommand, orderDecider, orderStream } from '../../domain/order';
import { settleLedgerAfterCommand } from '../penalty-clock/settle-after-command';
import { OrderCommandResult, RecordOrderFactCommand } from './record-order-fact.command';

/** Completions, reviews, reports, (non-)compliance, amendments, lifting, payments: cases of the pure decider. */
@CommandHandler(RecordOrderFactCommand)
export class RecordOrderFactHandler implements ICommandHandler<RecordOrderFactCommand, OrderCommandResult> {
  private readonly logger = new Logger('PenaltyClock');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: RecordOrderFactCommand): Promise<OrderCommandResult> {
    const at = this.clock.now().toISOString();
    const command = { ...c.command, at } as OrderCommand;
    const r = await runDecider(this.store, orderStream(c.orderId), orderDecider, command, c.context, { expectedRevision: c.expectedRevision });
    return settleLedgerAfterCommand(this.store, c.orderId, r, at, c.context, this.logger);
  }
}
