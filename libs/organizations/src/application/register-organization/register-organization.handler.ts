import { EVENT_STORE, EventStore, runDecider } from '@app/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { organizationDecider, organizationStream } from '../../domain/organization';
import { CommandResult, RegisterOrganizationCommand } from './register-organization.command';

@CommandHandler(RegisterOrganizationCommand)
export class RegisterOrganizationHandler implements ICommandHandler<RegisterOrganizationCommand, CommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: RegisterOrganizationCommand): Promise<CommandResult> {
    const r = await runDecider(
      this.store,
      organizationStream(c.organizationId),
      organizationDecider,
      { type: 'RegisterOrganization', organizationId: c.organizationId, profile: c.profile, at: c.at },
      c.context,
    );
    return { id: c.organizationId, revision: r.revision, position: r.position };
  }
}
