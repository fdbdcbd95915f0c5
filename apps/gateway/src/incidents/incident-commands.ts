import type { IncidentFactCommand, IncidentFacts } from '@app/incidents';
import type {
  AmendIncidentFactsDto,
  AssessRiskDto,
  CloseIncidentDto,
  ContainIncidentDto,
  DeclareIncidentDto,
  DeferPersonsNotificationDto,
  OriginDto,
  PeriodDto,
  PersonalInformationDto,
  PersonsDto,
  RecordMitigationDto,
  RecordNotificationDto,
  SystemsDto,
  WaiveObligationDto,
} from './incidents.dto';

/** Validated input → domain commands, shared by REST and GraphQL. Instants are normalized to UTC. */
export const utc = (s: string) => new Date(s).toISOString();
const utcOrNull = (s: string | undefined) => (s ? utc(s) : null);

const origin = (o: OriginDto): IncidentFacts['origin'] => ({ type: o.type, name: o.name ?? null });
const period = (p: PeriodDto): IncidentFacts['occurred'] => ({ from: utc(p.from), to: utcOrNull(p.to), approximate: p.approximate });
const info = (p: PersonalInformationDto): IncidentFacts['personalInformation'] => ({ categories: p.categories, unknownReason: p.unknownReason ?? null });
const persons = (p: PersonsDto): IncidentFacts['persons'] => ({ count: p.count, approximate: p.approximate, inQuebec: p.inQuebec ?? null, inEU: p.inEU ?? null });
const systems = (s: SystemsDto): IncidentFacts['systems'] => ({ affected: s.affected, servicesDown: s.servicesDown });

export function toFacts(d: DeclareIncidentDto): IncidentFacts {
  return {
    kind: d.kind,
    title: d.title,
    description: d.description,
    origin: origin(d.origin),
    occurred: period(d.occurred),
    awareAt: utc(d.awareAt),
    officerInformedAt: utcOrNull(d.officerInformedAt),
    personalInformation: info(d.personalInformation),
    persons: persons(d.persons),
    systems: systems(d.systems),
  };
}

/** Only the facts the caller sent; each nested object replaces the stored one whole. */
function toChanges(d: AmendIncidentFactsDto): Partial<IncidentFacts> {
  const c: Partial<IncidentFacts> = {};
  if (d.kind !== undefined) c.kind = d.kind;
  if (d.title !== undefined) c.title = d.title;
  if (d.description !== undefined) c.description = d.description;
  if (d.origin) c.origin = origin(d.origin);
  if (d.occurred) c.occurred = period(d.occurred);
  if (d.awareAt) c.awareAt = utc(d.awareAt);
  if (d.officerInformedAt) c.officerInformedAt = utc(d.officerInformedAt);
  if (d.personalInformation) c.personalInformation = info(d.personalInformation);
  if (d.persons) c.persons = persons(d.persons);
  if (d.systems) c.systems = systems(d.systems);
  return c;
}

export const incidentCommands = {
  amend: (d: AmendIncidentFactsDto): IncidentFactCommand => ({ type: 'AmendIncidentFacts', changes: toChanges(d), reason: d.reason }),
  assess: (d: AssessRiskDto): IncidentFactCommand => ({ type: 'AssessRisk', assessment: { ...d, anticipatedConsequences: { ...d.anticipatedConsequences }, assessedAt: utc(d.assessedAt) } }),
  notify: (d: RecordNotificationDto): IncidentFactCommand => ({
    type: 'RecordNotification',
    notification: { recipient: d.recipient, recipientName: d.recipientName ?? null, channel: d.channel, sentAt: utc(d.sentAt), summary: d.summary, evidenceRef: d.evidenceRef ?? null },
  }),
  defer: (d: DeferPersonsNotificationDto): IncidentFactCommand => ({ type: 'DeferPersonsNotification', reason: d.reason, investigatingBody: d.investigatingBody, since: utc(d.since) }),
  mitigate: (d: RecordMitigationDto): IncidentFactCommand => ({ type: 'RecordMitigation', mitigation: { measure: d.measure, description: d.description, takenAt: utc(d.takenAt) } }),
  contain: (d: ContainIncidentDto): IncidentFactCommand => ({ type: 'ContainIncident', containedAt: utc(d.containedAt) }),
  close: (d: CloseIncidentDto): IncidentFactCommand => ({ type: 'CloseIncident', closedAt: utc(d.closedAt), summary: d.summary }),
  waive: (obligationId: string, d: WaiveObligationDto): IncidentFactCommand => ({ type: 'WaiveObligation', obligationId, reason: d.reason, approver: d.approver }),
};
