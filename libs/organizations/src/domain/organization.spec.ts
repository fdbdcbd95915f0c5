import { DomainError } from '@app/kernel';
import { organizationDecider, OrganizationEvent, OrganizationProfile } from './organization';

const profile: OrganizationProfile = {
  name: 'Ordre des ingénieurs du Québec',
  quebecBusinessNumber: '1234567890',
  sectors: ['professional_order'],
  jurisdictions: ['QC'],
  privacyOfficer: { name: 'Responsable PRP', email: 'prp@example.org' },
};
const at = '2020-06-01T09:00:00-04:00';
const given = (events: OrganizationEvent[]) => events.reduce(organizationDecider.evolve, organizationDecider.initialState());

describe('organization decider', () => {
  it('given nothing, when registering, then OrganizationRegistered', () => {
    expect(organizationDecider.decide({ type: 'RegisterOrganization', organizationId: 'o1', profile, at }, given([]))).toEqual([
      { type: 'OrganizationRegistered', data: { organizationId: 'o1', ...profile }, occurredAt: at },
    ]);
  });

  it('given a registered organization, when registering it again, then a conflict', () => {
    const state = given([{ type: 'OrganizationRegistered', data: { organizationId: 'o1', ...profile }, occurredAt: at }]);
    expect(state).toMatchObject({ status: 'registered', profile });
    expect(() => organizationDecider.decide({ type: 'RegisterOrganization', organizationId: 'o1', profile, at }, state)).toThrow(
      expect.objectContaining({ code: 'ORGANIZATION_ALREADY_REGISTERED', category: 'conflict' }),
    );
  });

  it('names every failing field, in French and English', () => {
    let error: unknown;
    try {
      organizationDecider.decide({ type: 'RegisterOrganization', organizationId: 'o1', profile: { ...profile, name: ' ', quebecBusinessNumber: '12', jurisdictions: [] }, at }, given([]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.violations.map((v) => [v.field, v.rule])).toEqual([
      ['name', 'notBlank'],
      ['quebecBusinessNumber', 'neq'],
      ['jurisdictions', 'notEmpty'],
    ]);
    expect(e.violations[1].message.fr).toContain('10 chiffres');
  });
});

describe('reminder settings', () => {
  const registered = () => given([{ type: 'OrganizationRegistered', data: { organizationId: 'o1', ...profile }, occurredAt: at }]);
  const settings = { enabled: true, dueSoonAtPercent: 75, onDueSoon: true, onOverdue: false, onPenaltyDay: true };

  it('given a newly registered organization, then reminders are on at 80 % (the product default)', () => {
    expect(registered()).toMatchObject({ reminders: { enabled: true, dueSoonAtPercent: 80, onDueSoon: true, onOverdue: true, onPenaltyDay: true } });
  });

  it('given a registered organization, when configuring reminders, then ReminderSettingsChanged and the state carries them', () => {
    const events = organizationDecider.decide({ type: 'ConfigureReminders', organizationId: 'o1', settings, at }, registered());
    expect(events).toEqual([{ type: 'ReminderSettingsChanged', data: { organizationId: 'o1', settings }, occurredAt: at }]);
    expect(events.reduce(organizationDecider.evolve, registered())).toMatchObject({ reminders: settings });
  });

  it('when the settings are unchanged, then nothing is recorded', () => {
    const state = given([
      { type: 'OrganizationRegistered', data: { organizationId: 'o1', ...profile }, occurredAt: at },
      { type: 'ReminderSettingsChanged', data: { organizationId: 'o1', settings }, occurredAt: at },
    ]);
    expect(organizationDecider.decide({ type: 'ConfigureReminders', organizationId: 'o1', settings: { ...settings }, at }, state)).toEqual([]);
  });

  it('refuses a percentage outside 1–99, naming the field', () => {
    for (const dueSoonAtPercent of [0, 100, 80.5]) {
      expect(() => organizationDecider.decide({ type: 'ConfigureReminders', organizationId: 'o1', settings: { ...settings, dueSoonAtPercent }, at }, registered())).toThrow(
        expect.objectContaining({ category: 'validation', violations: [expect.objectContaining({ field: 'dueSoonAtPercent', rule: 'range' })] }),
      );
    }
  });

  it('given no organization, when configuring reminders, then not found', () => {
    expect(() => organizationDecider.decide({ type: 'ConfigureReminders', organizationId: 'o9', settings, at }, given([]))).toThrow(expect.objectContaining({ code: 'ORGANIZATION_NOT_FOUND' }));
  });
});

describe('changing the profile (a new privacy officer, a new name, another jurisdiction)', () => {
  const registered = () => given([{ type: 'OrganizationRegistered', data: { organizationId: 'o1', ...profile }, occurredAt: at }]);
  const later = '2021-01-15T09:00:00-05:00';
  const change = (next: OrganizationProfile, reason = 'Nouvelle responsable PRP nommée par le conseil') => ({ type: 'ChangeOrganizationProfile' as const, organizationId: 'o1', profile: next, reason, at: later });

  it('given a registered organization, when its privacy officer changes, then OrganizationProfileChanged names the field and the state carries the new officer', () => {
    const next = { ...profile, privacyOfficer: { name: 'Marie Tremblay', email: 'marie.tremblay@example.org' } };
    const events = organizationDecider.decide(change(next), registered());
    expect(events).toEqual([
      { type: 'OrganizationProfileChanged', data: { organizationId: 'o1', profile: next, changed: ['privacyOfficer'], reason: 'Nouvelle responsable PRP nommée par le conseil' }, occurredAt: later },
    ]);
    expect(events.reduce(organizationDecider.evolve, registered())).toMatchObject({ status: 'registered', profile: next, registeredAt: at });
  });

  it('names every field that changed, lists compared by value', () => {
    const next = { ...profile, name: 'OIQ', sectors: ['professional_order' as const], jurisdictions: ['QC' as const, 'EU' as const] };
    expect(organizationDecider.decide(change(next), registered())[0].data).toMatchObject({ changed: ['name', 'jurisdictions'] });
  });

  it('when nothing changes, then nothing is recorded', () => {
    expect(organizationDecider.decide(change({ ...profile, privacyOfficer: { ...profile.privacyOfficer } }), registered())).toEqual([]);
  });

  it('refuses a change without a reason or with an invalid profile, naming the fields', () => {
    expect(() => organizationDecider.decide(change({ ...profile, name: 'X' }, '  '), registered())).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ field: 'reason', rule: 'notBlank' })] }));
    expect(() => organizationDecider.decide(change({ ...profile, jurisdictions: [] }), registered())).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ field: 'jurisdictions', rule: 'notEmpty' })] }));
  });

  it('given no organization, then not found', () => {
    expect(() => organizationDecider.decide(change(profile), given([]))).toThrow(expect.objectContaining({ code: 'ORGANIZATION_NOT_FOUND' }));
  });
});
