import { EVENT_STORE, EventStore, loadState } from '@app/event-store';
import { assertWithinHorizon, Bilingual, Clock, CLOCK, DomainError } from '@app/kernel';
import { Obligation, PackEvaluation, retentionEnds, RULE_BOOK, RuleBook } from '@app/rules';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { incidentDecider, incidentStream, obligationsExplained, OpenIncident, ruleFacts } from '../../domain/incident';
import { GetIncidentQuery } from './get-incident.query';

export interface IncidentView extends Omit<OpenIncident, 'status'> {
  status: OpenIncident['status'];
  revision: number;
  asOf: string;
  obligations: Obligation[];
  rulePacks: PackEvaluation[];
  retention: ReturnType<typeof retentionEnds>;
  findings: { code: string; message: Bilingual }[];
  history: { revision: number; type: string; occurredAt: string; recordedAt: string; actor: string }[];
}

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery, IncidentView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RULE_BOOK) private readonly book: RuleBook,
  ) {}

  async execute(q: GetIncidentQuery): Promise<IncidentView> {
    assertWithinHorizon(this.clock.now(), { asOf: q.asOf });
    const { state, revision, events } = await loadState(this.store, incidentStream(q.incidentId), incidentDecider);
    if (state.status === 'none' || revision === 'no_stream') {
      throw DomainError.notFound('INCIDENT_NOT_FOUND', { en: `No incident ${q.incidentId}`, fr: `Aucun incident ${q.incidentId}` });
    }
    const asOf = q.asOf ?? this.clock.now();
    const { obligations, packs } = obligationsExplained(state, this.book, asOf);
    const findings: IncidentView['findings'] = [];
    if (state.assessments.some((a) => !a.privacyOfficerConsulted)) {
      findings.push({
        code: 'PRIVACY_OFFICER_NOT_CONSULTED',
        message: {
          en: 'A risk assessment was made without consulting the privacy officer (P-39.1 s. 3.7 requires it)',
          fr: 'Une évaluation du risque a été faite sans consulter le responsable de la protection des renseignements personnels (art. 3.7 de la Loi l’exige)',
        },
      });
    }
    return {
      ...state,
      revision,
      asOf: asOf.toISOString(),
      obligations,
      rulePacks: packs,
      retention: retentionEnds(ruleFacts(state), this.book),
      findings,
      history: events.map((e) => ({ revision: e.revision, type: e.type, occurredAt: e.metadata.occurredAt, recordedAt: e.metadata.recordedAt, actor: e.metadata.actor })),
    };
  }
}
