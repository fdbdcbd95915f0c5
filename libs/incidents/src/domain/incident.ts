import { assertNever, beforeEarliest, Bilingual, Decider, DomainError, Violations } from '@app/kernel';
import { computeObligations, Obligation, obligationsDue, Performance, RuleBook, RuleFacts } from '@app/rules';

export const INCIDENT_KINDS = ['confidentiality', 'cyberattack', 'operational'] as const;
export const ORIGINS = ['internal', 'third_party_vendor', 'external_attacker', 'human_error', 'unknown'] as const;
export const RECIPIENTS = ['CAI', 'AMF', 'OPC', 'OSFI', 'supervisory_authority', 'other_regulator', 'persons', 'public_notice', 'police', 'credit_bureaus', 'other'] as const;
export const CHANNELS = ['email', 'mail', 'phone', 'portal', 'press_release', 'website', 'in_person', 'other'] as const;
export const MITIGATIONS = ['credit_monitoring', 'independent_firm', 'hotline', 'password_reset', 'system_patched', 'access_revoked', 'police_report', 'other'] as const;
export const LEVELS = ['low', 'medium', 'high'] as const;

export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export type Recipient = (typeof RECIPIENTS)[number];
export type Level = (typeof LEVELS)[number];

export interface IncidentFacts {
  kind: IncidentKind;
  title: string;
  description: string;
  origin: { type: (typeof ORIGINS)[number]; name: string | null };
  /** Period of occurrence; `approximate` when only an estimate is known (r. 3.1, s. 7(3)). */
  occurred: { from: string; to: string | null; approximate: boolean };
  /** When the organization became aware (business time). */
  awareAt: string;
  /** When an officer (dirigeant) was informed: the AMF's 24-hour clock starts there. */
  officerInformedAt: string | null;
  personalInformation: { categories: string[]; unknownReason: string | null };
  persons: { count: number; approximate: boolean; inQuebec: number | null; inEU: number | null };
  systems: { affected: string[]; servicesDown: boolean };
}

export interface OrganizationSnapshot {
  id: string;
  name: string;
  sectors: string[];
  jurisdictions: string[];
}

export interface RiskAssessment {
  sensitivity: Level;
  anticipatedConsequences: { level: Level; description: string };
  likelihoodOfInjuriousUse: Level;
  seriousInjuryRisk: boolean;
  reason: string;
  privacyOfficerConsulted: boolean;
  assessedAt: string;
}

export interface Notification {
  recipient: Recipient;
  recipientName: string | null;
  channel: (typeof CHANNELS)[number];
  sentAt: string;
  summary: string;
  evidenceRef: string | null;
}

export interface Mitigation {
  measure: (typeof MITIGATIONS)[number];
  description: string;
  takenAt: string;
}

// ---- events -------------------------------------------------------------------------

export type IncidentEvent = (
  | { type: 'IncidentDeclared'; schemaVersion?: number; occurredAt: string; data: { incidentId: string; organization: OrganizationSnapshot; facts: IncidentFacts } }
  | { type: 'IncidentFactsAmended'; occurredAt: string; data: { changes: Partial<IncidentFacts>; reason: string } }
  | { type: 'RiskOfSeriousInjuryAssessed'; occurredAt: string; data: RiskAssessment }
  | { type: 'NotificationSent'; occurredAt: string; data: Notification }
  | { type: 'PersonsNotificationDeferred'; occurredAt: string; data: { reason: string; investigatingBody: string; since: string } }
  | { type: 'MitigationMeasureTaken'; occurredAt: string; data: Mitigation }
  | { type: 'IncidentContained'; occurredAt: string; data: { containedAt: string } }
  | { type: 'IncidentClosed'; occurredAt: string; data: { closedAt: string; summary: string } }
  | { type: 'ObligationWaived'; occurredAt: string; data: { obligationId: string; reason: string; approver: string } }
  /** Contact details for notices, each encrypted with the person's own key (only ciphertext is stored). */
  | { type: 'AffectedPersonsRecorded'; occurredAt: string; data: { persons: { personId: string; ciphertext: string }[] } }
  | { type: 'PersonForgotten'; occurredAt: string; data: { personId: string; reason: string } }
) & {
  /** Recorded time: when the store accepted the event (on events read back from it; absent on events just decided). */
  recordedAt?: string;
};

/** Every incident event type, for filters that must name one (checked against the union both ways). */
export const INCIDENT_EVENT_TYPES = Object.keys({
  IncidentDeclared: 1, IncidentFactsAmended: 1, RiskOfSeriousInjuryAssessed: 1, NotificationSent: 1, PersonsNotificationDeferred: 1, MitigationMeasureTaken: 1,
  IncidentContained: 1, IncidentClosed: 1, ObligationWaived: 1, AffectedPersonsRecorded: 1, PersonForgotten: 1,
} satisfies Record<IncidentEvent['type'], 1>) as IncidentEvent['type'][];

// ---- commands (time arrives as data: `at` is when the command is made) --------------

export type IncidentCommand =
  | { type: 'DeclareIncident'; at: string; incidentId: string; organization: OrganizationSnapshot; facts: IncidentFacts }
  | { type: 'AmendIncidentFacts'; at: string; changes: Partial<IncidentFacts>; reason: string }
  | { type: 'AssessRisk'; at: string; assessment: RiskAssessment }
  | { type: 'RecordNotification'; at: string; notification: Notification }
  | { type: 'DeferPersonsNotification'; at: string; reason: string; investigatingBody: string; since: string }
  | { type: 'RecordMitigation'; at: string; mitigation: Mitigation }
  | { type: 'ContainIncident'; at: string; containedAt: string }
  | { type: 'CloseIncident'; at: string; closedAt: string; summary: string; book: RuleBook }
  | { type: 'WaiveObligation'; at: string; obligationId: string; reason: string; approver: string; book: RuleBook }
  | { type: 'RecordAffectedPersons'; at: string; persons: { personId: string; ciphertext: string }[] }
  | { type: 'ForgetPerson'; at: string; personId: string; reason: string };

// ---- state ----------------------------------------------------------------------------

export interface OpenIncident {
  status: 'open' | 'contained' | 'closed';
  incidentId: string;
  organization: OrganizationSnapshot;
  facts: IncidentFacts;
  declaredAt: string;
  /**
   * When what the register shows of it last changed (s. 7: kept up to date), as recorded:
   * the latest recording of its declaration, an amendment, an assessment, a notification, a
   * deferral, a measure, its containment or closure. Not a business time: a notice sent on
   * 30 November and entered on 2 December updated the register on 2 December. Contact
   * details and waivers are not in the register.
   */
  registerUpdatedAt: string;
  amendments: { at: string; reason: string; fields: string[] }[];
  assessments: RiskAssessment[];
  notifications: Notification[];
  deferral: { reason: string; investigatingBody: string; since: string } | null;
  mitigations: Mitigation[];
  containedAt: string | null;
  closedAt: string | null;
  closingSummary: string | null;
  waivers: { obligationId: string; reason: string; approver: string; at: string }[];
  affectedPersons: { personId: string; ciphertext: string; forgottenAt: string | null }[];
}

export type IncidentState = { status: 'none' } | OpenIncident;

/** How many affected persons' contacts were recorded, and how many of them were forgotten since. */
export interface AffectedPersonsCount {
  recorded: number;
  forgotten: number;
}

/**
 * An incident as its readers get it: its affected persons counted, not listed. Their contacts
 * (ciphertexts, one per person) are read a page at a time from their own route: listed in the
 * incident, 40,000 persons made it 11 MB and an incident may concern millions.
 */
export function withPersonsCounted<S extends Pick<OpenIncident, 'affectedPersons'>>(s: S): Omit<S, 'affectedPersons'> & { affectedPersons: AffectedPersonsCount } {
  const persons = s.affectedPersons ?? [];
  return { ...s, affectedPersons: { recorded: persons.length, forgotten: persons.filter((p) => p.forgottenAt !== null).length } };
}

export const incidentStream = (id: string) => `incident-${id}`;

/** Schema versions: IncidentDeclared v2 added `persons.inEU` (GDPR); v1 events read as "not known" (null). */
export const INCIDENT_SCHEMA = { IncidentDeclared: 2 } as const;
export const incidentUpcasters = {
  IncidentDeclared: {
    1: (data: Record<string, unknown>) => {
      const d = data as { facts: { persons: Record<string, unknown> } };
      return { ...data, facts: { ...d.facts, persons: { inEU: null, ...d.facts.persons } } };
    },
  },
};

// ---- rules of the decider ---------------------------------------------------------------

const t = (en: string, fr: string): Bilingual => ({ en, fr });

function validateFacts(f: IncidentFacts, at: string): void {
  const v = new Violations();
  if (!f.title.trim()) v.add('title', 'notBlank', 'must not be blank', 'ne doit pas être vide');
  if (f.occurred.to && f.occurred.to < f.occurred.from) {
    v.add('occurred.to', 'periodOrder', 'the period of occurrence ends before it starts', 'la période de l’incident se termine avant de commencer');
  }
  if (f.occurred.from > at) v.add('occurred.from', 'notInFuture', 'an incident cannot have occurred in the future', 'un incident ne peut pas survenir dans le futur');
  // Every other time of the incident comes after its start (awareness, then what follows it).
  v.include(beforeEarliest('occurred.from', f.occurred.from));
  if (f.awareAt < f.occurred.from) {
    v.add('awareAt', 'notBeforeOccurrence', 'the organization cannot become aware before the incident began', 'l’organisation ne peut pas en prendre connaissance avant le début de l’incident');
  }
  if (f.awareAt > at) v.add('awareAt', 'notInFuture', 'awareness cannot be dated in the future', 'la prise de connaissance ne peut pas être datée dans le futur');
  if (f.officerInformedAt && f.officerInformedAt < f.awareAt) {
    v.add('officerInformedAt', 'notBeforeAwareness', 'an officer cannot be informed before the organization became aware', 'un dirigeant ne peut pas être informé avant que l’organisation en prenne connaissance');
  }
  if (f.officerInformedAt && f.officerInformedAt > at) v.add('officerInformedAt', 'notInFuture', 'cannot be dated in the future', 'ne peut pas être daté dans le futur');
  if (!Number.isSafeInteger(f.persons.count) || f.persons.count < 0) v.add('persons.count', 'nonNegative', 'must be a whole number ≥ 0', 'doit être un nombre entier ≥ 0');
  for (const k of ['inQuebec', 'inEU'] as const) {
    const n = f.persons[k];
    if (n !== null && (!Number.isSafeInteger(n) || n < 0)) v.add(`persons.${k}`, 'nonNegative', 'must be a whole number ≥ 0', 'doit être un nombre entier ≥ 0');
    else if (n !== null && !f.persons.approximate && n > f.persons.count) {
      v.add(`persons.${k}`, 'notAboveCount', 'cannot exceed the number of persons concerned', 'ne peut dépasser le nombre de personnes concernées');
    }
  }
  if (f.personalInformation.categories.length === 0 && f.kind === 'confidentiality' && !f.personalInformation.unknownReason) {
    v.add('personalInformation.unknownReason', 'requiredWhenUnknown', 'say why the information concerned is unknown, or list its categories', 'indiquez pourquoi les renseignements visés sont inconnus, ou énumérez-en les catégories');
  }
  v.throwIfAny();
}

function requireIncident(state: IncidentState): OpenIncident {
  if (state.status === 'none') throw DomainError.notFound('INCIDENT_NOT_FOUND', t('No such incident', 'Incident introuvable'));
  return state;
}

function requireNotClosed(s: OpenIncident, what: Bilingual): void {
  if (s.status === 'closed') {
    throw DomainError.rule('INCIDENT_CLOSED', t(`The incident is closed: ${what.en} can no longer be recorded`, `L’incident est fermé : ${what.fr} ne peut plus être consigné`));
  }
}

function requireBusinessTime(field: string, value: string, s: OpenIncident, at: string): void {
  const v = new Violations();
  if (value > at) v.add(field, 'notInFuture', 'cannot be dated in the future', 'ne peut pas être daté dans le futur');
  if (value < s.facts.awareAt) v.add(field, 'notBeforeAwareness', 'cannot be dated before the organization became aware', 'ne peut pas être daté avant la prise de connaissance');
  v.throwIfAny();
}

function requireText(field: string, value: string): void {
  if (!value || !value.trim()) new Violations().add(field, 'notBlank', 'is required', 'est obligatoire').throwIfAny();
}

/** The facts the rule packs look at. Jurisdictions: the organization's, plus where the persons concerned live. */
export function ruleFacts(s: OpenIncident): RuleFacts {
  const j = new Set(s.organization.jurisdictions);
  if ((s.facts.persons.inQuebec ?? 0) > 0) j.add('QC');
  if ((s.facts.persons.inEU ?? 0) > 0) j.add('EU');
  const latest = s.assessments[s.assessments.length - 1];
  return {
    kind: s.facts.kind,
    sectors: s.organization.sectors,
    jurisdictions: [...j].sort(),
    personalInformation: s.facts.personalInformation.categories.length > 0 || !!s.facts.personalInformation.unknownReason,
    riskOfSeriousInjury: latest ? latest.seriousInjuryRisk : null,
    occurredFrom: s.facts.occurred.from,
    awareAt: s.facts.awareAt,
    officerInformedAt: s.facts.officerInformedAt,
    closedAt: s.closedAt,
  };
}

export function performance(s: OpenIncident): Performance {
  return {
    declaredAt: s.declaredAt,
    riskAssessedAt: s.assessments[0]?.assessedAt ?? null,
    notifications: s.notifications.map((n) => ({ recipient: n.recipient, sentAt: n.sentAt })),
    waivers: s.waivers,
    personsDeferral: s.deferral ? { reason: s.deferral.reason, since: s.deferral.since } : null,
  };
}

/** The incident's obligations at `asOf`. */
export function obligationsOf(s: OpenIncident, book: RuleBook, asOf: Date): Obligation[] {
  return obligationsDue(ruleFacts(s), performance(s), book, asOf);
}

/** Its obligations, and every rule pack considered with why it applies or not (an incident's view, an audit). */
export function obligationsExplained(s: OpenIncident, book: RuleBook, asOf: Date): ReturnType<typeof computeObligations> {
  return computeObligations(ruleFacts(s), performance(s), book, asOf);
}

function decide(command: IncidentCommand, state: IncidentState): IncidentEvent[] {
  if (command.type === 'DeclareIncident') {
    if (state.status !== 'none') throw DomainError.conflict('INCIDENT_ALREADY_DECLARED', t('This incident is already declared', 'Cet incident est déjà déclaré'));
    validateFacts(command.facts, command.at);
    return [{ type: 'IncidentDeclared', schemaVersion: INCIDENT_SCHEMA.IncidentDeclared, occurredAt: command.at, data: { incidentId: command.incidentId, organization: command.organization, facts: command.facts } }];
  }
  const s = requireIncident(state);
  switch (command.type) {
    case 'AmendIncidentFacts': {
      requireText('reason', command.reason);
      const fields = Object.keys(command.changes);
      if (fields.length === 0) new Violations().add('changes', 'notEmpty', 'name at least one fact to change', 'indiquez au moins un fait à modifier').throwIfAny();
      validateFacts({ ...s.facts, ...command.changes }, command.at);
      return [{ type: 'IncidentFactsAmended', occurredAt: command.at, data: { changes: command.changes, reason: command.reason } }];
    }
    case 'AssessRisk': {
      requireNotClosed(s, t('a risk assessment', 'une évaluation du risque'));
      requireText('reason', command.assessment.reason);
      requireBusinessTime('assessedAt', command.assessment.assessedAt, s, command.at);
      return [{ type: 'RiskOfSeriousInjuryAssessed', occurredAt: command.assessment.assessedAt, data: command.assessment }];
    }
    case 'RecordNotification': {
      requireNotClosed(s, t('a notification', 'un avis'));
      const n = command.notification;
      requireText('summary', n.summary);
      if ((n.recipient === 'other' || n.recipient === 'other_regulator') && !n.recipientName?.trim()) {
        new Violations().add('recipientName', 'requiredForOther', 'name the recipient', 'nommez le destinataire').throwIfAny();
      }
      requireBusinessTime('sentAt', n.sentAt, s, command.at);
      return [{ type: 'NotificationSent', occurredAt: n.sentAt, data: n }];
    }
    case 'DeferPersonsNotification': {
      requireNotClosed(s, t('a deferral', 'un report'));
      requireText('reason', command.reason);
      requireText('investigatingBody', command.investigatingBody);
      requireBusinessTime('since', command.since, s, command.at);
      const latest = s.assessments[s.assessments.length - 1];
      if (!latest?.seriousInjuryRisk) {
        throw DomainError.rule('NO_PERSONS_NOTIFICATION_DUE', t(
          'Notifying persons is due only when a risk of serious injury was concluded: there is nothing to defer',
          'L’avis aux personnes n’est requis qu’en cas de risque de préjudice sérieux : il n’y a rien à reporter',
        ));
      }
      if (s.notifications.some((x) => x.recipient === 'persons' || x.recipient === 'public_notice')) {
        throw DomainError.rule('PERSONS_ALREADY_NOTIFIED', t('The persons concerned were already notified', 'Les personnes concernées ont déjà été avisées'));
      }
      return [{ type: 'PersonsNotificationDeferred', occurredAt: command.since, data: { reason: command.reason, investigatingBody: command.investigatingBody, since: command.since } }];
    }
    case 'RecordMitigation': {
      requireNotClosed(s, t('a mitigation measure', 'une mesure d’atténuation'));
      requireText('description', command.mitigation.description);
      requireBusinessTime('takenAt', command.mitigation.takenAt, s, command.at);
      return [{ type: 'MitigationMeasureTaken', occurredAt: command.mitigation.takenAt, data: command.mitigation }];
    }
    case 'ContainIncident': {
      requireNotClosed(s, t('containment', 'le confinement'));
      if (s.status === 'contained') throw DomainError.rule('INCIDENT_ALREADY_CONTAINED', t('The incident is already contained', 'L’incident est déjà confiné'));
      requireBusinessTime('containedAt', command.containedAt, s, command.at);
      return [{ type: 'IncidentContained', occurredAt: command.containedAt, data: { containedAt: command.containedAt } }];
    }
    case 'CloseIncident': {
      requireNotClosed(s, t('closure', 'la fermeture'));
      requireText('summary', command.summary);
      requireBusinessTime('closedAt', command.closedAt, s, command.at);
      const closing = { ...s, closedAt: command.closedAt };
      // Judged with everything on record when the closure is recorded: a closure dated this
      // morning, entered this afternoon after a waiver, closes (a waiver's time is when it
      // was recorded). "What was true at T" questions still judge each act at its own time.
      const pending = obligationsOf(closing, command.book, new Date(command.at)).filter((o) => o.status === 'open' || o.status === 'overdue');
      if (pending.length) {
        throw DomainError.rule(
          'OPEN_OBLIGATIONS',
          t(
            `The incident cannot be closed while obligations are open: ${pending.map((o) => `${o.id} (${o.title.en})`).join('; ')}. Meet them or waive them with a reason and an approver.`,
            `L’incident ne peut pas être fermé tant que des obligations restent ouvertes : ${pending.map((o) => `${o.id} (${o.title.fr})`).join(' ; ')}. Remplissez-les ou levez-les avec un motif et un approbateur.`,
          ),
          { openObligations: pending.map((o) => ({ id: o.id, status: o.status, dueAt: o.dueAt })) },
        );
      }
      return [{ type: 'IncidentClosed', occurredAt: command.closedAt, data: { closedAt: command.closedAt, summary: command.summary } }];
    }
    case 'WaiveObligation': {
      requireNotClosed(s, t('a waiver', 'une levée d’obligation'));
      requireText('reason', command.reason);
      requireText('approver', command.approver);
      const o: Obligation | undefined = obligationsOf(s, command.book, new Date(command.at)).find((x) => x.id === command.obligationId);
      if (!o) {
        throw DomainError.notFound('OBLIGATION_NOT_FOUND', t(`This incident has no obligation ${command.obligationId}`, `Cet incident n’a pas d’obligation ${command.obligationId}`));
      }
      if (o.status === 'waived' || o.status === 'met_on_time' || o.status === 'met_late') {
        throw DomainError.rule('OBLIGATION_NOT_OPEN', t(`Obligation ${o.id} is already ${o.status.replace(/_/g, ' ')}`, `L’obligation ${o.id} n’est plus ouverte (${o.status})`));
      }
      return [{ type: 'ObligationWaived', occurredAt: command.at, data: { obligationId: o.id, reason: command.reason, approver: command.approver } }];
    }
    case 'RecordAffectedPersons': {
      if (command.persons.length === 0) new Violations().add('persons', 'notEmpty', 'list at least one person', 'indiquez au moins une personne').throwIfAny();
      return [{ type: 'AffectedPersonsRecorded', occurredAt: command.at, data: { persons: command.persons } }];
    }
    case 'ForgetPerson': {
      requireText('reason', command.reason);
      const p = s.affectedPersons.find((x) => x.personId === command.personId);
      if (!p) throw DomainError.notFound('PERSON_NOT_FOUND', t('This incident has no such person', 'Cet incident ne compte pas cette personne'));
      if (p.forgottenAt) throw DomainError.rule('PERSON_ALREADY_FORGOTTEN', t('This person was already forgotten', 'Cette personne a déjà été oubliée'));
      return [{ type: 'PersonForgotten', occurredAt: command.at, data: { personId: command.personId, reason: command.reason } }];
    }
    default:
      return assertNever(command, 'command');
  }
}

function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  if (event.type === 'IncidentDeclared') {
    return {
      status: 'open',
      incidentId: event.data.incidentId,
      organization: event.data.organization,
      facts: event.data.facts,
      declaredAt: event.occurredAt,
      registerUpdatedAt: event.recordedAt ?? event.occurredAt,
      amendments: [],
      assessments: [],
      notifications: [],
      deferral: null,
      mitigations: [],
      containedAt: null,
      closedAt: null,
      closingSummary: null,
      waivers: [],
      affectedPersons: [],
    };
  }
  if (state.status === 'none') return state;
  // A new object from every event (each case spreads the state): dated here, not copied again.
  const next = evolveDeclared(state, event);
  const recorded = event.recordedAt ?? event.occurredAt;
  if (!REGISTER_UNCHANGED.has(event.type) && recorded > next.registerUpdatedAt) next.registerUpdatedAt = recorded;
  return next;
}

/** Events that change nothing the register shows. */
const REGISTER_UNCHANGED = new Set<IncidentEvent['type']>(['ObligationWaived', 'AffectedPersonsRecorded', 'PersonForgotten']);

function evolveDeclared(state: OpenIncident, event: Exclude<IncidentEvent, { type: 'IncidentDeclared' }>): OpenIncident {
  switch (event.type) {
    case 'IncidentFactsAmended':
      return {
        ...state,
        facts: { ...state.facts, ...event.data.changes },
        amendments: [...state.amendments, { at: event.occurredAt, reason: event.data.reason, fields: Object.keys(event.data.changes) }],
      };
    case 'RiskOfSeriousInjuryAssessed':
      return { ...state, assessments: [...state.assessments, event.data] };
    case 'NotificationSent': {
      const endsDeferral = event.data.recipient === 'persons' || event.data.recipient === 'public_notice';
      return { ...state, notifications: [...state.notifications, event.data], deferral: endsDeferral ? null : state.deferral };
    }
    case 'PersonsNotificationDeferred':
      return { ...state, deferral: event.data };
    case 'MitigationMeasureTaken':
      return { ...state, mitigations: [...state.mitigations, event.data] };
    case 'IncidentContained':
      return { ...state, status: 'contained', containedAt: event.data.containedAt };
    case 'IncidentClosed':
      return { ...state, status: 'closed', closedAt: event.data.closedAt, closingSummary: event.data.summary };
    case 'ObligationWaived':
      return { ...state, waivers: [...state.waivers, { ...event.data, at: event.occurredAt }] };
    case 'AffectedPersonsRecorded':
      return { ...state, affectedPersons: [...(state.affectedPersons ?? []), ...event.data.persons.map((p) => ({ ...p, forgottenAt: null }))] };
    case 'PersonForgotten':
      return { ...state, affectedPersons: (state.affectedPersons ?? []).map((p) => (p.personId === event.data.personId ? { ...p, forgottenAt: event.occurredAt } : p)) };
    default:
      return assertNever(event, 'event');
  }
}

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> & { upcasters: typeof incidentUpcasters } = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
  upcasters: incidentUpcasters,
};
