import { EVENT_STORE, EventStore, loadState, runDecider } from '@app/event-store';
import { Clock, CLOCK, DomainError } from '@app/kernel';
import { organizationDecider, organizationStream } from '@app/organizations';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { incidentDecider, incidentStream } from '../../domain/incident';
import type { CommandResult } from '../record-incident-fact/record-incident-fact.command';
import { DeclareIncidentCommand } from './declare-incident.command';

@CommandHandler(DeclareIncidentCommand)
export class DeclareIncidentHandler implements ICommandHandler<DeclareIncidentCommand, CommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(c: DeclareIncidentCommand): Promise<CommandResult> {
    const org = await loadState(this.store, organizationStream(c.organizationId), organizationDecider);
    if (org.state.status !== 'registered') {
      throw DomainError.rule(
        'UNKNOWN_ORGANIZATION',
        { en: `No organization ${c.organizationId} is registered`, fr: `Aucune organisation ${c.organizationId} n’est inscrite` },
        {},
        [{ field: 'organizationId', rule: 'registeredOrganization', message: { en: 'must name a registered organization', fr: 'doit désigner une organisation inscrite' } }],
      );
    }
    const { profile } = org.state;
    const r = await runDecider(
      this.store,
      incidentStream(c.incidentId),
      incidentDecider,
      {
        type: 'DeclareIncident',
        at: this.clock.now().toISOString(),
        incidentId: c.incidentId,
        organization: { id: c.organizationId, name: profile.name, sectors: profile.sectors, jurisdictions: profile.jurisdictions },
        facts: c.facts,
      },
      c.context,
      { newStream: c.idMinted },
    );
    return { id: c.incidentId, revision: r.revision, position: r.position };
  }
}
