import { CommandContext, EventStore, runDecider } from '@app/event-store';
import { OrganizationCommand, organizationDecider, organizationStream } from '../domain/organization';
import type { CommandResult } from './register-organization/register-organization.command';

/** Every organization use case: load the organization's stream (unless its id was just minted), decide, append at the revision read (or the caller's If-Match). */
export async function runOrganizationCommand(store: EventStore, command: OrganizationCommand, context: CommandContext, expectedRevision?: number, newStream = false): Promise<CommandResult> {
  const r = await runDecider(store, organizationStream(command.organizationId), organizationDecider, command, context, { expectedRevision, newStream });
  return { id: command.organizationId, revision: r.revision, position: r.position };
}
