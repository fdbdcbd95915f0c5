import { registerOrganization, startTestApp, TestApp } from '../support/app';

/**
 * 12 December 2020: a cyberattack takes an insurer's systems down. It publishes a notice
 * around 18:00, hires experts, tells the regulators, and cannot yet say what data was
 * touched. A temporary phone line is promised.
 */
const declare = (organizationId: string, day: string) => ({
  organizationId,
  kind: 'cyberattack',
  title: 'Cyberattaque — systèmes hors service',
  description: 'Les systèmes informatiques sont hors service à la suite d’une cyberattaque',
  origin: { type: 'external_attacker' },
  occurred: { from: `${day}T06:00:00-05:00`, approximate: true },
  awareAt: `${day}T08:00:00-05:00`,
  officerInformedAt: `${day}T09:30:00-05:00`,
  personalInformation: { categories: [], unknownReason: 'Les experts ne peuvent pas encore dire quelles données ont été touchées' },
  persons: { count: 0, approximate: true },
  systems: { affected: ['all information systems'], servicesDown: true },
});

describe('scenario: the insurer’s cyberattack (December 2020)', () => {
  let t: TestApp;
  let orgId: string;
  beforeEach(async () => {
    t = await startTestApp({}, '2020-12-12T23:30:00Z');
    orgId = await registerOrganization(t, { name: 'Assureur', sectors: ['insurer'], jurisdictions: ['QC'] });
  });
  afterEach(() => t.close());

  it('as it happened in 2020: facts and notices recorded; the AMF regulation and Law 25 duties were not in force', async () => {
    const id = (await t.api.post('/api/v1/incidents').send(declare(orgId, '2020-12-12')).expect(201)).body.id;
    const post = (path: string, body: object) => t.api.post(`/api/v1/incidents/${id}/${path}`).send(body).expect(201);
    await post('notifications', { recipient: 'public_notice', channel: 'press_release', sentAt: '2020-12-12T18:00:00-05:00', summary: 'Avis public de la cyberattaque' });
    await post('notifications', { recipient: 'AMF', channel: 'phone', sentAt: '2020-12-12T17:00:00-05:00', summary: 'Information des autorités réglementaires' });
    await post('mitigations', { measure: 'independent_firm', description: 'Experts en cybersécurité mandatés', takenAt: '2020-12-12T12:00:00-05:00' });
    const view = (await t.api.get(`/api/v1/incidents/${id}`).expect(200)).body;
    expect(view.facts.systems.servicesDown).toBe(true);
    expect(view.facts.personalInformation.unknownReason).toMatch(/pas encore/);
    expect(view.obligations).toEqual([]);
    expect(view.rulePacks.find((p: { rulePackId: string }) => p.rulePackId === 'qc-amf-infosec').applies).toBe(false);
  });

  it('the same attack today: a report to the AMF within 24 h of the officer being told, updates every 3 days until closed, and a Law 25 risk assessment since the data touched is unknown', async () => {
    t.clock.set('2026-12-12T23:30:00Z');
    const id = (await t.api.post('/api/v1/incidents').send(declare(orgId, '2026-12-12')).expect(201)).body.id;
    const post = (path: string, body: object, status = 201) => t.api.post(`/api/v1/incidents/${id}/${path}`).send(body).expect(status);
    await post('notifications', { recipient: 'AMF', channel: 'portal', sentAt: '2026-12-12T17:00:00-05:00', summary: 'Déclaration initiale' });
    let view = (await t.api.get(`/api/v1/incidents/${id}`).expect(200)).body;
    const report = view.obligations.find((o: { id: string }) => o.id === 'amf.report');
    expect(report).toMatchObject({ status: 'met_on_time', dueAt: '2026-12-13T14:30:00.000Z', deadline: { basis: 'law', hours: 24, from: 'officerInformedAt' } });
    expect(view.obligations.find((o: { id: string }) => o.id === 'amf.report.update-1')).toMatchObject({ dueAt: '2026-12-15T22:00:00.000Z', status: 'open' });
    // OSFI's advisory is in force but concerns federally regulated institutions: the view says so, rule by rule.
    const osfi = view.rulePacks.find((p: { rulePackId: string }) => p.rulePackId === 'ca-osfi-tcsi');
    expect(osfi).toMatchObject({ applies: false, rules: [{ ruleId: 'osfi.report', applies: false, reason: { fr: expect.stringContaining('ceux de l’organisation : insurer') } }] });
    const law25 = view.rulePacks.find((p: { rulePackId: string }) => p.rulePackId === 'qc-p39.1');
    expect(law25.rules.find((r: { ruleId: string }) => r.ruleId === 'qc.notify-cai')).toMatchObject({ applies: false, reason: { en: expect.stringContaining('not been assessed yet') } });

    // Four days later, no update was sent: overdue, and closing is refused while it is.
    t.clock.set('2026-12-16T15:00:00Z');
    view = (await t.api.get(`/api/v1/incidents/${id}`).expect(200)).body;
    expect(view.obligations.find((o: { id: string }) => o.id === 'amf.report.update-1').status).toBe('overdue');
    const refused = await post('closure', { closedAt: '2026-12-16T09:00:00-05:00', summary: 'Systèmes rétablis' }, 422);
    expect(refused.body.openObligations.map((o: { id: string; status: string }) => `${o.id}:${o.status}`).sort()).toEqual(['amf.report.update-1:overdue', 'qc.assess-risk:overdue']);

    await post('notifications', { recipient: 'AMF', channel: 'portal', sentAt: '2026-12-16T09:30:00-05:00', summary: 'Mise à jour 1' });
    await post('risk-assessments', {
      sensitivity: 'medium',
      anticipatedConsequences: { level: 'low', description: 'Aucune exfiltration constatée par les experts' },
      likelihoodOfInjuriousUse: 'low',
      seriousInjuryRisk: false,
      reason: 'Les experts n’ont trouvé aucune trace d’accès aux renseignements personnels',
      privacyOfficerConsulted: true,
      assessedAt: '2026-12-16T09:45:00-05:00',
    });
    await post('closure', { closedAt: '2026-12-16T10:00:00-05:00', summary: 'Systèmes rétablis' });
    view = (await t.api.get(`/api/v1/incidents/${id}?asOf=2026-12-31T00:00:00Z`).expect(200)).body;
    expect(view.status).toBe('closed');
    expect(view.obligations.map((o: { id: string; status: string }) => `${o.id}:${o.status}`)).toEqual([
      'amf.report:met_on_time',
      'amf.report.update-1:met_late',
      'qc.register:met_on_time',
      'qc.assess-risk:met_late',
    ]);
    expect(view.retention).toEqual([
      expect.objectContaining({ rulePackId: 'qc-amf-infosec', until: '2031-12-16' }),
      expect.objectContaining({ rulePackId: 'qc-p39.1', until: '2031-12-12' }),
    ]);
  });
});
