import { EVENT_STORE, EventStore } from '@app/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { runOrganizationCommand } from '../run-organization-command';
import { CommandResult, RegisterOrganizationCommand } from './register-organization.command';

@CommandHandler(RegisterOrganizationCommand)
export class RegisterOrganizationHandler implements ICommandHandler<RegisterOrganizationCommand, CommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: RegisterOrganizationCommand): Promise<CommandResult> {
    return runOrganizationCommand(this.store, { type: 'RegisterOrganization', organizationId: c.organizationId, profile: c.profile, at: c.at }, c.context, undefined, c.idMinted);
  }
}
