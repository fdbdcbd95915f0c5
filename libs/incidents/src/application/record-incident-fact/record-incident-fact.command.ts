import type { CommandContext } from '@app/event-store';
import type { IncidentCommand } from '../../domain/incident';

type WithoutClockAndBook<C> = C extends unknown ? Omit<C, 'at' | 'book'> : never;
/** Every command after the declaration; the handler adds the time (`at`) and the rule book. */
export type IncidentFactCommand = WithoutClockAndBook<Exclude<IncidentCommand, { type: 'DeclareIncident' }>>;

export class RecordIncidentFactCommand {
  constructor(
    readonly incidentId: string,
    readonly command: IncidentFactCommand,
    readonly context: CommandContext,
    /** From If-Match: the revision the caller read; a newer write makes this a 409. */
    readonly expectedRevision?: number,
  ) {}
}

export interface CommandResult {
  id: string;
  revision: number | 'no_stream';
  position: number | null;
}
