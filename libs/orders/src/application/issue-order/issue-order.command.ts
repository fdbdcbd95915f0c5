import type { CommandContext } from '@app/event-store';
import type { OrderTerms } from '../../domain/order';

export class IssueOrderCommand {
  constructor(
    readonly orderId: string,
    readonly terms: OrderTerms,
    readonly context: CommandContext,
  ) {}
}
