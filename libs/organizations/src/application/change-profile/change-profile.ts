import { CommandContext, EVENT_STORE, EventStore } from '@app/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { OrganizationProfile } from '../../domain/organization';
import { runOrganizationCommand } from '../run-organization-command';
import type { CommandResult } from '../register-organization/register-organization.command';

/** A new privacy officer, name, NEQ, sector or jurisdiction: the whole profile after the change, and why. */
export class ChangeOrganizationProfileCommand {
  constructor(
    readonly organizationId: string,
    readonly profile: OrganizationProfile,
    readonly reason: string,
    readonly at: string,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {}
}

@CommandHandler(ChangeOrganizationProfileCommand)
export class ChangeOrganizationProfileHandler implements ICommandHandler<ChangeOrganizationProfileCommand, CommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: ChangeOrganizationProfileCommand): Promise<CommandResult> {
    return runOrganizationCommand(
      this.store,
      { type: 'ChangeOrganizationProfile', organizationId: c.organizationId, profile: c.profile, reason: c.reason, at: c.at },
      c.context,
      c.expectedRevision,
    );
  }
}
