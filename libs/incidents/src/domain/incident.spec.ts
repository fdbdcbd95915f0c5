import { DomainError } from '@app/kernel';
import { loadRuleBook } from '@app/rules';
import { professionalOrder, vendorBreachFacts } from '@app/testing';
import { incidentDecider, IncidentCommand, IncidentEvent, IncidentState, obligationsOf, OpenIncident } from './incident';

const book = loadRuleBook();
const NOW = '2026-11-22T15:00:00.000Z';
const given = (events: IncidentEvent[]): IncidentState => events.reduce(incidentDecider.evolve, incidentDecider.initialState());
const when = (events: IncidentEvent[], command: IncidentCommand) => incidentDecider.decide(command, given(events));
const thenError = (events: IncidentEvent[], command: IncidentCommand): DomainError => {
  try {
    when(events, command);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

// Today's version of the vendor breach (Law 25 in force), so the rule packs apply.
const facts = vendorBreachFacts({
  occurred: { from: '2026-11-01T00:00:00-04:00', to: '2026-11-05T23:59:59-05:00', approximate: false },
  awareAt: '2026-11-20T09:00:00-05:00',
});
const declared: IncidentEvent = { type: 'IncidentDeclared', occurredAt: '2026-11-20T15:00:00.000Z', data: { incidentId: 'i1', organization: professionalOrder, facts } };
const serious: IncidentEvent = {
  type: 'RiskOfSeriousInjuryAssessed',
  occurredAt: '2026-11-21T14:00:00.000Z',
  data: {
    sensitivity: 'high',
    anticipatedConsequences: { level: 'high', description: 'Fraudulent card use' },
    likelihoodOfInjuriousUse: 'medium',
    seriousInjuryRisk: true,
    reason: 'Card numbers with expiry dates',
    privacyOfficerConsulted: true,
    assessedAt: '2026-11-21T14:00:00.000Z',
  },
};
const sent = (recipient: 'CAI' | 'persons', sentAt: string): IncidentEvent => ({
  type: 'NotificationSent',
  occurredAt: sentAt,
  data: { recipient, recipientName: null, channel: 'email', sentAt, summary: 'Avis', evidenceRef: 'doc-1' },
});

describe('incident decider', () => {
  describe('DeclareIncident', () => {
    it('given nothing, then IncidentDeclared with the organization snapshot and the facts', () => {
      expect(when([], { type: 'DeclareIncident', at: NOW, incidentId: 'i1', organization: professionalOrder, facts })).toEqual([
        { type: 'IncidentDeclared', schemaVersion: 2, occurredAt: NOW, data: { incidentId: 'i1', organization: professionalOrder, facts } },
      ]);
    });

    it.each([
      ['a period that ends before it starts', { occurred: { from: '2026-11-05T00:00:00Z', to: '2026-11-01T00:00:00Z', approximate: false } }, 'occurred.to', 'periodOrder'],
      ['awareness before the incident began', { awareAt: '2026-10-01T00:00:00Z' }, 'awareAt', 'notBeforeOccurrence'],
      ['awareness in the future', { awareAt: '2026-12-01T00:00:00Z' }, 'awareAt', 'notInFuture'],
      ['an officer informed before awareness', { officerInformedAt: '2026-11-10T00:00:00Z' }, 'officerInformedAt', 'notBeforeAwareness'],
      ['a negative count', { persons: { count: -1, approximate: false, inQuebec: null, inEU: null } }, 'persons.count', 'nonNegative'],
      ['more persons in Quebec than concerned', { persons: { count: 10, approximate: false, inQuebec: 11, inEU: null } }, 'persons.inQuebec', 'notAboveCount'],
      ['unknown information without a reason', { personalInformation: { categories: [], unknownReason: null } }, 'personalInformation.unknownReason', 'requiredWhenUnknown'],
      ['a mistyped century (0226 for 2026)', { occurred: { from: '0226-11-01T00:00:00Z', to: null, approximate: false }, awareAt: '0226-11-20T09:00:00Z' }, 'occurred.from', 'notBefore2000'],
      ['a start just before 2000 in Montreal', { occurred: { from: '1999-12-31T23:59:59-05:00', to: null, approximate: true } }, 'occurred.from', 'notBefore2000'],
    ])('refuses %s, naming the field and the rule', (_l, over, field, rule) => {
      const e = thenError([], { type: 'DeclareIncident', at: NOW, incidentId: 'i1', organization: professionalOrder, facts: { ...facts, ...over } });
      expect(e.category).toBe('validation');
      expect(e.violations).toContainEqual(expect.objectContaining({ field, rule }));
    });

    it('records facts from the first moment of 2000 in Montreal on, in both languages otherwise', () => {
      const from2000 = { ...facts, occurred: { from: '2000-01-01T00:00:00-05:00', to: null, approximate: true } };
      expect(when([], { type: 'DeclareIncident', at: NOW, incidentId: 'i1', organization: professionalOrder, facts: from2000 })).toHaveLength(1);
      const e = thenError([], { type: 'DeclareIncident', at: NOW, incidentId: 'i1', organization: professionalOrder, facts: { ...facts, occurred: { from: '1900-01-01T00:00:00-05:00', to: null, approximate: true } } });
      expect(e.violations).toEqual([
        { field: 'occurred.from', rule: 'notBefore2000', message: { en: 'must not be earlier than 2000-01-01: Vigie records facts from then on', fr: 'ne doit pas être antérieur au 2000-01-01 : Vigie consigne les faits à partir de cette date' } },
      ]);
    });

    it('given a declared incident, declaring it again is a conflict', () => {
      expect(thenError([declared], { type: 'DeclareIncident', at: NOW, incidentId: 'i1', organization: professionalOrder, facts }).code).toBe('INCIDENT_ALREADY_DECLARED');
    });
  });

  describe('AmendIncidentFacts', () => {
    it('records the changes with the reason; earlier facts stay in history', () => {
      const events = when([declared], { type: 'AmendIncidentFacts', at: NOW, changes: { persons: { count: 1800, approximate: true, inQuebec: 1790, inEU: null } }, reason: 'Vendor sent the final list' });
      expect(events).toEqual([{ type: 'IncidentFactsAmended', occurredAt: NOW, data: { changes: { persons: { count: 1800, approximate: true, inQuebec: 1790, inEU: null } }, reason: 'Vendor sent the final list' } }]);
      const state = given([declared, ...events]) as OpenIncident;
      expect(state.facts.persons.count).toBe(1800);
      expect(state.amendments).toEqual([{ at: NOW, reason: 'Vendor sent the final list', fields: ['persons'] }]);
    });
    it('requires a reason and validates the amended facts as a whole', () => {
      expect(thenError([declared], { type: 'AmendIncidentFacts', at: NOW, changes: { title: 'x' }, reason: ' ' }).violations[0]).toMatchObject({ field: 'reason' });
      expect(thenError([declared], { type: 'AmendIncidentFacts', at: NOW, changes: { awareAt: '2026-10-01T00:00:00Z' }, reason: 'typo' }).violations[0]).toMatchObject({ field: 'awareAt' });
    });
  });

  describe('AssessRisk', () => {
    it('records the three factors of s. 3.7, the conclusion and the reason, at its business time', () => {
      expect(when([declared], { type: 'AssessRisk', at: NOW, assessment: serious.data as never })).toEqual([serious]);
    });
    it('refuses an assessment dated before awareness', () => {
      const e = thenError([declared], { type: 'AssessRisk', at: NOW, assessment: { ...(serious.data as never as object), assessedAt: '2026-11-19T00:00:00Z' } as never });
      expect(e.violations[0]).toMatchObject({ field: 'assessedAt', rule: 'notBeforeAwareness' });
    });
  });

  describe('RecordNotification', () => {
    it('given an unknown incident, then not found', () => {
      expect(thenError([], { type: 'RecordNotification', at: NOW, notification: sent('CAI', NOW).data as never }).category).toBe('not_found');
    });
    it('refuses a notification sent in the future', () => {
      expect(thenError([declared], { type: 'RecordNotification', at: NOW, notification: sent('CAI', '2026-12-01T00:00:00.000Z').data as never }).violations[0]).toMatchObject({ field: 'sentAt', rule: 'notInFuture' });
    });
    it('requires naming an "other" recipient', () => {
      const n = { ...(sent('CAI', NOW).data as object), recipient: 'other' } as never;
      expect(thenError([declared], { type: 'RecordNotification', at: NOW, notification: n }).violations[0]).toMatchObject({ field: 'recipientName' });
    });
  });

  describe('DeferPersonsNotification', () => {
    const defer: IncidentCommand = { type: 'DeferPersonsNotification', at: NOW, reason: 'Could hamper the SPVM investigation', investigatingBody: 'SPVM', since: '2026-11-21T15:00:00.000Z' };
    it('given a serious risk, defers with its reason; a notice to persons ends the deferral', () => {
      const events = when([declared, serious], defer);
      expect(events[0]).toMatchObject({ type: 'PersonsNotificationDeferred', data: { investigatingBody: 'SPVM' } });
      expect((given([declared, serious, ...events]) as OpenIncident).deferral).not.toBeNull();
      expect((given([declared, serious, ...events, sent('persons', '2026-11-22T10:00:00.000Z')]) as OpenIncident).deferral).toBeNull();
    });
    it('refuses when no notice to persons is due, or without a reason', () => {
      expect(thenError([declared], defer).code).toBe('NO_PERSONS_NOTIFICATION_DUE');
      expect(thenError([declared, serious], { ...defer, reason: '' } as IncidentCommand).violations[0]).toMatchObject({ field: 'reason' });
    });
  });

  describe('CloseIncident and WaiveObligation', () => {
    const close: IncidentCommand = { type: 'CloseIncident', at: NOW, closedAt: NOW, summary: 'Done', book };
    it('refuses to close while obligations are open, and lists them', () => {
      const e = thenError([declared, serious], close);
      expect(e.code).toBe('OPEN_OBLIGATIONS');
      expect((e.details.openObligations as { id: string }[]).map((o) => o.id).sort()).toEqual(['qc.notify-cai', 'qc.notify-persons']);
    });
    it('closes once every obligation is met or waived (with a reason and an approver)', () => {
      const waive = when([declared, serious, sent('CAI', '2026-11-22T12:00:00.000Z')], { type: 'WaiveObligation', at: NOW, obligationId: 'qc.notify-persons', reason: 'Public notice judged sufficient by counsel', approver: 'DG', book });
      expect(waive).toEqual([{ type: 'ObligationWaived', occurredAt: NOW, data: { obligationId: 'qc.notify-persons', reason: 'Public notice judged sufficient by counsel', approver: 'DG' } }]);
      const history = [declared, serious, sent('CAI', '2026-11-22T12:00:00.000Z'), ...waive];
      expect(when(history, close)).toEqual([{ type: 'IncidentClosed', occurredAt: NOW, data: { closedAt: NOW, summary: 'Done' } }]);
      const statuses = Object.fromEntries(obligationsOf(given(history) as OpenIncident, book, new Date(NOW)).map((o) => [o.id, o.status]));
      expect(statuses).toEqual({ 'qc.register': 'met_on_time', 'qc.assess-risk': 'met_on_time', 'qc.notify-cai': 'met_on_time', 'qc.notify-persons': 'waived' });
    });
    it('a closure dated earlier than it is entered counts everything on record, a waiver entered just before included', () => {
      const waiver: IncidentEvent = { type: 'ObligationWaived', occurredAt: NOW, data: { obligationId: 'qc.notify-persons', reason: 'Public notice judged sufficient by counsel', approver: 'DG' } };
      const history = [declared, serious, sent('CAI', '2026-11-22T12:00:00.000Z'), waiver];
      const closedThisMorning: IncidentCommand = { type: 'CloseIncident', at: NOW, closedAt: '2026-11-22T13:00:00.000Z', summary: 'Done', book };
      expect(when(history, closedThisMorning)).toEqual([{ type: 'IncidentClosed', occurredAt: '2026-11-22T13:00:00.000Z', data: { closedAt: '2026-11-22T13:00:00.000Z', summary: 'Done' } }]);
      // Asked about 13:00, the waiver (entered at 15:00) had not been given yet.
      const at13 = obligationsOf(given([...history, ...when(history, closedThisMorning)]) as OpenIncident, book, new Date('2026-11-22T13:00:00.000Z'));
      expect(at13.find((o) => o.id === 'qc.notify-persons')).toMatchObject({ waiver: null });
    });
    it('refuses to waive an unknown or already met obligation', () => {
      expect(thenError([declared], { type: 'WaiveObligation', at: NOW, obligationId: 'qc.notify-cai', reason: 'r', approver: 'a', book }).code).toBe('OBLIGATION_NOT_FOUND');
      expect(thenError([declared], { type: 'WaiveObligation', at: NOW, obligationId: 'qc.register', reason: 'r', approver: 'a', book }).code).toBe('OBLIGATION_NOT_OPEN');
    });
    it('given a closed incident, recording more is refused', () => {
      const closed: IncidentEvent = { type: 'IncidentClosed', occurredAt: NOW, data: { closedAt: NOW, summary: 'Done' } };
      expect(thenError([declared, closed], { type: 'RecordMitigation', at: NOW, mitigation: { measure: 'hotline', description: 'Line', takenAt: NOW } }).code).toBe('INCIDENT_CLOSED');
    });
  });

  it('the register was last updated when its last change was recorded, not when a fact happened; waivers and contact details are not in it', () => {
    const recorded = <E extends IncidentEvent>(e: E, recordedAt: string): E => ({ ...e, recordedAt });
    const updated = (events: IncidentEvent[]) => (given(events) as OpenIncident).registerUpdatedAt;
    const history = [recorded(declared, '2026-11-20T15:00:00.000Z'), recorded(serious, '2026-11-22T09:00:00.000Z')];
    expect(updated(history)).toBe('2026-11-22T09:00:00.000Z'); // assessed on the 21st, entered on the 22nd
    // A notice sent on the 20th, entered after the assessment: the register changed when it was entered.
    expect(updated([...history, recorded(sent('CAI', '2026-11-20T18:00:00.000Z'), '2026-11-22T10:00:00.000Z')])).toBe('2026-11-22T10:00:00.000Z');
    const waiver: IncidentEvent = { type: 'ObligationWaived', occurredAt: NOW, recordedAt: NOW, data: { obligationId: 'qc.notify-persons', reason: 'r', approver: 'DG' } };
    const contacts: IncidentEvent = { type: 'AffectedPersonsRecorded', occurredAt: NOW, recordedAt: NOW, data: { persons: [{ personId: 'p1', ciphertext: 'x' }] } };
    expect(updated([...history, waiver, contacts])).toBe('2026-11-22T09:00:00.000Z');
    // Events just decided (not read back from the store) carry their time as recorded.
    expect(updated([declared])).toBe(declared.occurredAt);
  });

  it('obligations follow amended facts: concluding no serious risk later removes the notices', () => {
    const notSerious: IncidentEvent = { ...serious, data: { ...(serious.data as object), seriousInjuryRisk: false, reason: 'Cards were tokenized' } as never };
    const ids = (events: IncidentEvent[]) => obligationsOf(given(events) as OpenIncident, book, new Date(NOW)).map((o) => o.id).sort();
    expect(ids([declared, serious])).toContain('qc.notify-cai');
    expect(ids([declared, serious, notSerious])).toEqual(['qc.assess-risk', 'qc.register']);
  });
});
