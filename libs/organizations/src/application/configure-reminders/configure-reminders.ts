import { CommandContext, EVENT_STORE, EventStore } from '@app/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ReminderSettings } from '../../domain/organization';
import { runOrganizationCommand } from '../run-organization-command';
import type { CommandResult } from '../register-organization/register-organization.command';

export class ConfigureRemindersCommand {
  constructor(
    readonly organizationId: string,
    readonly settings: ReminderSettings,
    readonly at: string,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {}
}

@CommandHandler(ConfigureRemindersCommand)
export class ConfigureRemindersHandler implements ICommandHandler<ConfigureRemindersCommand, CommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: ConfigureRemindersCommand): Promise<CommandResult> {
    return runOrganizationCommand(this.store, { type: 'ConfigureReminders', organizationId: c.organizationId, settings: c.settings, at: c.at }, c.context, c.expectedRevision);
  }
}
