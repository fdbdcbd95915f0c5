import { EVENT_STORE, EventStore, loadState, runDecider } from '@app/event-store';
import { Clock, CLOCK, DomainError } from '@app/kernel';
import { organizationDecider, organizationStream } from '@app/organizations';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { orderDecider, orderStream } from '../../domain/order';
import { settleLedgerAfterCommand } from '../penalty-clock/settle-after-command';
import type { OrderCommandResult } from '../record-order-fact/record-order-fact.command';
import { IssueOrderCommand } from './issue-order.command';

@CommandHandler(IssueOrderCommand)
export class IssueOrderHandler implements ICommandHandler<IssueOrderCommand, OrderCommandResult> {
  private readonly logger = new Logger('PenaltyClock');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: IssueOrderCommand): Promise<OrderCommandResult> {
    const org = await loadState(this.store, organizationStream(c.terms.organizationId), organizationDecider);
    if (org.state.status !== 'registered') {
      throw DomainError.rule('UNKNOWN_ORGANIZATION', { en: 'The organization is not registered', fr: 'L’organisation n’est pas inscrite' }, {}, [
        { field: 'organizationId', rule: 'registeredOrganization', message: { en: 'must name a registered organization', fr: 'doit désigner une organisation inscrite' } },
      ]);
    }
    const at = this.clock.now().toISOString();
    const r = await runDecider(this.store, orderStream(c.orderId), orderDecider, { type: 'IssueOrder', at, orderId: c.orderId, terms: c.terms }, c.context, { newStream: c.idMinted });
    // An order recorded after a due date it had already missed owes those days at once.
    return settleLedgerAfterCommand(this.store, c.orderId, r, at, c.context, this.logger);
  }
}
