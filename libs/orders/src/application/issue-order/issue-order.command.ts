import type { CommandContext } from '@app/event-store';
import type { OrderTerms } from '../../domain/order';

export class IssueOrderCommand {
  constructor(
    readonly orderId: string,
    readonly terms: OrderTerms,
    readonly context: CommandContext,
    /** The order's id was minted for this command (`newResource`): its stream is not read. */
    readonly idMinted = false,
  ) {}
}
