import type { CommandContext } from '@app/event-store';
import type { OrderCommand } from '../../domain/order';

type WithoutClock<C> = C extends unknown ? Omit<C, 'at'> : never;
export type OrderFactCommand = WithoutClock<Exclude<OrderCommand, { type: 'IssueOrder' | 'RunPenaltyClock' }>>;

export class RecordOrderFactCommand {
  constructor(
    readonly orderId: string,
    readonly command: OrderFactCommand,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {}
}

export interface OrderCommandResult {
  id: string;
  revision: number | 'no_stream';
  position: number | null;
}
