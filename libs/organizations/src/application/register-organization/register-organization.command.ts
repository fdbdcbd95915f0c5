import type { CommandContext } from '@app/event-store';
import type { OrganizationProfile } from '../../domain/organization';

export class RegisterOrganizationCommand {
  constructor(
    readonly organizationId: string,
    readonly profile: OrganizationProfile,
    readonly at: string,
    readonly context: CommandContext,
    /** The organization's id was minted for this command (`newResource`): its stream is not read. */
    readonly idMinted = false,
  ) {}
}

export interface CommandResult {
  id: string;
  /** Stream revision after the command. */
  revision: number | 'no_stream';
  /** Global position written: pass it as `minPosition` to read your own write. */
  position: number | null;
}
