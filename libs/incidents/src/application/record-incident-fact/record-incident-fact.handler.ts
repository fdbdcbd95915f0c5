import { EVENT_STORE, EventStore, runDecider } from '@app/event-store';
import { Clock, CLOCK } from '@app/kernel';
import { RULE_BOOK, RuleBook } from '@app/rules';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IncidentCommand, incidentDecider, incidentStream } from '../../domain/incident';
import { CommandResult, RecordIncidentFactCommand } from './record-incident-fact.command';

/**
 * Amendments, risk assessments, notifications, deferrals, mitigations, containment,
 * closure and waivers: each is a case of the pure decider; this handler only loads,
 * decides and appends with the expected revision.
 */
@CommandHandler(RecordIncidentFactCommand)
export class RecordIncidentFactHandler implements ICommandHandler<RecordIncidentFactCommand, CommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RULE_BOOK) private readonly book: RuleBook,
  ) {}

  async execute(c: RecordIncidentFactCommand): Promise<CommandResult> {
    const command = { ...c.command, at: this.clock.now().toISOString(), book: this.book } as IncidentCommand;
    const r = await runDecider(this.store, incidentStream(c.incidentId), incidentDecider, command, c.context, { expectedRevision: c.expectedRevision });
    return { id: c.incidentId, revision: r.revision, position: r.position };
  }
}
