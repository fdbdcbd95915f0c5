import type { CommandContext } from '@app/event-store';
import type { IncidentFacts } from '../../domain/incident';

export class DeclareIncidentCommand {
  constructor(
    readonly incidentId: string,
    readonly organizationId: string,
    readonly facts: IncidentFacts,
    readonly context: CommandContext,
    /** The incident's id was minted for this command (`newResource`): its stream is not read. */
    readonly idMinted = false,
  ) {}
}
