import { computeObligations, Performance } from './obligations';
import type { RuleFacts } from './rule-pack';
import { loadRuleBook } from './loader';
import { retentionEnds } from './obligations';

const book = loadRuleBook();
const facts = (over: Partial<RuleFacts> = {}): RuleFacts => ({
  kind: 'confidentiality',
  sectors: ['private_enterprise'],
  jurisdictions: ['QC'],
  personalInformation: true,
  riskOfSeriousInjury: true,
  occurredFrom: '2026-03-01T10:00:00.000Z',
  awareAt: '2026-03-06T17:00:00.000Z', // Friday 12:00 in Montreal (EST)
  officerInformedAt: null,
  closedAt: null,
  ...over,
});
const perf = (over: Partial<Performance> = {}): Performance => ({
  declaredAt: '2026-03-06T18:00:00.000Z',
  riskAssessedAt: '2026-03-07T15:00:00.000Z',
  notifications: [],
  waivers: [],
  personsDeferral: null,
  ...over,
});
const at = (s: string) => new Date(s);
const ids = (r: ReturnType<typeof computeObligations>) => r.obligations.map((o) => o.id).sort();

describe('rule packs as data', () => {
  it('loads every pack with a version, an in-force date and sources', () => {
    expect(book.packs.map((p) => `${p.id}@${p.version} from ${p.inForce.from}`).sort()).toEqual([
      'ca-osfi-tcsi@1.0.0 from 2021-08-13',
      'ca-pipeda@1.1.0 from 2018-11-01',
      'eu-gdpr@1.0.0 from 2018-05-25',
      'qc-amf-infosec@1.1.0 from 2025-04-23',
      'qc-p39.1@1.1.0 from 2022-09-22',
    ]);
    for (const p of book.packs) for (const r of p.rules) expect(r.source).toBeTruthy();
  });
});

describe('Quebec P-39.1 (Law 25)', () => {
  it('applies to a confidentiality incident with a risk of serious injury: register, assessment, CAI and persons', () => {
    const r = computeObligations(facts(), perf(), book, at('2026-03-07T00:00:00Z'));
    expect(ids(r)).toEqual(['qc.assess-risk', 'qc.notify-cai', 'qc.notify-persons', 'qc.register']);
  });

  it('marks "promptly" as a configurable target, not the law, and says which facts it used', () => {
    const cai = computeObligations(facts(), perf(), book, at('2026-03-07T00:00:00Z')).obligations.find((o) => o.id === 'qc.notify-cai')!;
    expect(cai.deadline).toMatchObject({ basis: 'target', hours: 72, from: 'awareAt' });
    expect(cai.deadline!.note!.en).toMatch(/target/i);
    expect(cai.deadline!.note!.fr).toMatch(/la loi ne fixe aucun nombre d’heures/);
    expect(cai.lineage).toMatchObject({ rulePackId: 'qc-p39.1', rulePackVersion: '1.1.0', ruleId: 'qc.notify-cai', source: expect.stringContaining('3.5') });
    expect(cai.lineage.facts).toMatchObject({ awareAt: '2026-03-06T17:00:00.000Z', riskOfSeriousInjury: true });
  });

  it('computes 72 elapsed hours across the spring DST change in Montreal', () => {
    const cai = computeObligations(facts(), perf(), book, at('2026-03-07T00:00:00Z')).obligations.find((o) => o.id === 'qc.notify-cai')!;
    // Aware Friday 6 March 12:00 EST; clocks spring forward Sunday 8 March; 72 h later is Monday 13:00 EDT.
    expect(cai.dueAt).toBe('2026-03-09T17:00:00.000Z');
  });

  it('does not require notices when the risk is not serious, but keeps the register and the assessment', () => {
    expect(ids(computeObligations(facts({ riskOfSeriousInjury: false }), perf(), book, at('2026-03-07T00:00:00Z')))).toEqual(['qc.assess-risk', 'qc.register']);
  });

  it('is not in force for an incident the organization learned of before 22 September 2022', () => {
    const r = computeObligations(facts({ awareAt: '2020-06-15T13:00:00.000Z' }), perf(), book, at('2020-06-20T00:00:00Z'));
    expect(r.obligations).toEqual([]);
    expect(r.packs.find((p) => p.rulePackId === 'qc-p39.1')).toMatchObject({ applies: false, reason: { en: expect.stringContaining('before 2022-09-22') } });
  });

  it('judges lateness on business time: a notice sent after the due time is met late, before it on time', () => {
    const late = computeObligations(facts(), perf({ notifications: [{ recipient: 'CAI', sentAt: '2026-03-10T12:00:00.000Z' }] }), book, at('2026-03-20T00:00:00Z'));
    expect(late.obligations.find((o) => o.id === 'qc.notify-cai')).toMatchObject({ status: 'met_late', metAt: '2026-03-10T12:00:00.000Z' });
    const onTime = computeObligations(facts(), perf({ notifications: [{ recipient: 'CAI', sentAt: '2026-03-09T16:59:59.000Z' }] }), book, at('2026-03-20T00:00:00Z'));
    expect(onTime.obligations.find((o) => o.id === 'qc.notify-cai')!.status).toBe('met_on_time');
  });

  it('is open before the due time and overdue from it', () => {
    const before = computeObligations(facts(), perf(), book, at('2026-03-09T16:59:59Z')).obligations.find((o) => o.id === 'qc.notify-cai')!;
    const after = computeObligations(facts(), perf(), book, at('2026-03-09T17:00:00Z')).obligations.find((o) => o.id === 'qc.notify-cai')!;
    expect([before.status, after.status]).toEqual(['open', 'overdue']);
  });

  it('is not overdue while notifying persons is deferred for a criminal investigation', () => {
    const r = computeObligations(facts(), perf({ personsDeferral: { reason: 'SPVM investigation', since: '2026-03-07T00:00:00.000Z' } }), book, at('2026-04-01T00:00:00Z'));
    expect(r.obligations.find((o) => o.id === 'qc.notify-persons')).toMatchObject({ status: 'open', deferred: { reason: 'SPVM investigation' } });
    expect(r.obligations.find((o) => o.id === 'qc.notify-cai')!.status).toBe('overdue');
  });

  it('judged at a moment before something was done, it was not done yet: met, waived and deferred count from when they happened', () => {
    const done = perf({
      declaredAt: '2026-03-10T12:00:00.000Z', // entered in the register four days after awareness
      notifications: [{ recipient: 'CAI', sentAt: '2026-03-12T12:00:00.000Z' }],
      waivers: [{ obligationId: 'qc.notify-persons', reason: 'Public notice instead', approver: 'CPO', at: '2026-03-15T12:00:00.000Z' }],
    });
    const status = (asOf: string, id: string) => computeObligations(facts(), done, book, at(asOf)).obligations.find((o) => o.id === id)!;
    // On the 8th: the register entry was due on the 7th, not made yet.
    expect(status('2026-03-08T12:00:00Z', 'qc.register')).toMatchObject({ status: 'overdue', metAt: null });
    expect(status('2026-03-11T12:00:00Z', 'qc.register')).toMatchObject({ status: 'met_late', metAt: '2026-03-10T12:00:00.000Z' });
    expect(status('2026-03-11T12:00:00Z', 'qc.notify-cai')).toMatchObject({ status: 'overdue', metAt: null });
    expect(status('2026-03-12T12:00:00Z', 'qc.notify-cai')).toMatchObject({ status: 'met_late' });
    expect(status('2026-03-14T12:00:00Z', 'qc.notify-persons')).toMatchObject({ status: 'overdue', waiver: null });
    expect(status('2026-03-16T12:00:00Z', 'qc.notify-persons')).toMatchObject({ status: 'waived', waiver: { approver: 'CPO' } });
    const deferredLater = perf({ personsDeferral: { reason: 'SPVM investigation', since: '2026-03-20T00:00:00.000Z' } });
    const persons = (asOf: string) => computeObligations(facts(), deferredLater, book, at(asOf)).obligations.find((o) => o.id === 'qc.notify-persons')!;
    expect(persons('2026-03-15T00:00:00Z')).toMatchObject({ status: 'overdue', deferred: null });
    expect(persons('2026-03-21T00:00:00Z')).toMatchObject({ status: 'open', deferred: { reason: 'SPVM investigation' } });
  });

  it('keeps the register 5 years after awareness, and says that figure is from secondary sources', () => {
    expect(retentionEnds(facts(), book).find((r) => r.rulePackId === 'qc-p39.1')).toMatchObject({ until: '2031-03-06', confirmed: false });
  });
});

describe('PIPEDA', () => {
  const ca = facts({ jurisdictions: ['CA'] });
  it('applies to an organization under federal law with a real risk of significant harm', () => {
    expect(ids(computeObligations(ca, perf(), book, at('2026-03-07T00:00:00Z')))).toEqual(['pipeda.notify-individuals', 'pipeda.record', 'pipeda.report-opc']);
  });
  it('requires only the record when there is no real risk of significant harm', () => {
    expect(ids(computeObligations({ ...ca, riskOfSeriousInjury: false }, perf(), book, at('2026-03-07T00:00:00Z')))).toEqual(['pipeda.record']);
  });
  it('keeps the record 24 months', () => {
    expect(retentionEnds(ca, book)).toEqual([expect.objectContaining({ rulePackId: 'ca-pipeda', until: '2028-03-06' })]);
  });
  it('does not apply to a Quebec-only organization', () => {
    expect(ids(computeObligations(facts(), perf(), book, at('2026-03-07T00:00:00Z'))).some((i) => i.startsWith('pipeda'))).toBe(false);
  });
});

describe('GDPR', () => {
  const eu = facts({ jurisdictions: ['EU'], riskOfSeriousInjury: null });
  it('requires notifying the authority within 72 hours (law) unless the risk was excluded', () => {
    const r = computeObligations(eu, perf({ riskAssessedAt: null }), book, at('2026-03-07T00:00:00Z'));
    expect(ids(r)).toEqual(['gdpr.document', 'gdpr.notify-authority']);
    expect(r.obligations.find((o) => o.id === 'gdpr.notify-authority')).toMatchObject({ dueAt: '2026-03-09T17:00:00.000Z', deadline: { basis: 'law', hours: 72 } });
    expect(ids(computeObligations({ ...eu, riskOfSeriousInjury: false }, perf(), book, at('2026-03-07T00:00:00Z')))).toEqual(['gdpr.document']);
  });
  it('requires telling the data subjects when the risk is high', () => {
    expect(ids(computeObligations({ ...eu, riskOfSeriousInjury: true }, perf(), book, at('2026-03-07T00:00:00Z')))).toContain('gdpr.notify-subjects');
  });
  it('was not in force before 25 May 2018', () => {
    expect(computeObligations({ ...eu, awareAt: '2018-05-24T12:00:00.000Z' }, perf(), book, at('2018-06-01T00:00:00Z')).obligations).toEqual([]);
  });
});

describe('AMF information security regulation', () => {
  const insurer = facts({ kind: 'cyberattack', sectors: ['insurer'], personalInformation: false, riskOfSeriousInjury: null, officerInformedAt: '2026-03-06T20:00:00.000Z' });
  it('requires a report within 24 hours of an officer being informed', () => {
    const amf = computeObligations(insurer, perf(), book, at('2026-03-07T00:00:00Z')).obligations.find((o) => o.id === 'amf.report')!;
    expect(amf).toMatchObject({ dueAt: '2026-03-07T20:00:00.000Z', deadline: { basis: 'law', hours: 24, from: 'officerInformedAt' }, status: 'open' });
  });
  it('uses awareness when no officer time was recorded, and says so in the lineage', () => {
    const amf = computeObligations({ ...insurer, officerInformedAt: null }, perf(), book, at('2026-03-07T00:00:00Z')).obligations.find((o) => o.id === 'amf.report')!;
    expect(amf.dueAt).toBe('2026-03-07T17:00:00.000Z');
    expect(amf.lineage.facts.substitution).toMatch(/awareAt used/);
  });
  it('then requires an update every 3 Montreal days until closed, at the same wall-clock time across DST', () => {
    const r = computeObligations(insurer, perf({ notifications: [{ recipient: 'AMF', sentAt: '2026-03-07T15:00:00.000Z' }] }), book, at('2026-03-08T00:00:00Z'));
    // Reported Saturday 7 March 10:00 EST → first update due Tuesday 10 March 10:00 EDT (14:00Z, not 15:00Z).
    expect(r.obligations.find((o) => o.id === 'amf.report.update-1')).toMatchObject({ dueAt: '2026-03-10T14:00:00.000Z', status: 'open' });
    const closed = computeObligations({ ...insurer, closedAt: '2026-03-09T12:00:00.000Z' }, perf({ notifications: [{ recipient: 'AMF', sentAt: '2026-03-07T15:00:00.000Z' }] }), book, at('2026-03-20T00:00:00Z'));
    expect(ids(closed)).toEqual(['amf.report']);
  });
  it('does not apply to a professional order, nor before 23 April 2025', () => {
    expect(ids(computeObligations({ ...insurer, sectors: ['professional_order'] }, perf(), book, at('2026-03-07T00:00:00Z')))).not.toContain('amf.report');
    expect(computeObligations({ ...insurer, awareAt: '2020-12-12T23:00:00.000Z', officerInformedAt: null }, perf(), book, at('2020-12-13T00:00:00Z')).obligations).toEqual([]);
  });
});

describe('OSFI', () => {
  const frfi = facts({ kind: 'cyberattack', sectors: ['federally_regulated_financial_institution'], jurisdictions: ['CA'], personalInformation: false, riskOfSeriousInjury: null });
  it('expects a report within 24 hours, marked as guidance rather than statute', () => {
    const o = computeObligations(frfi, perf(), book, at('2026-03-07T00:00:00Z')).obligations.find((x) => x.id === 'osfi.report')!;
    expect(o).toMatchObject({ dueAt: '2026-03-07T17:00:00.000Z', deadline: { basis: 'guidance', hours: 24 } });
  });
  it('does not apply before 13 August 2021, nor to a provincial insurer', () => {
    expect(computeObligations({ ...frfi, awareAt: '2021-08-12T12:00:00.000Z' }, perf(), book, at('2021-08-13T00:00:00Z')).obligations).toEqual([]);
    expect(ids(computeObligations({ ...frfi, sectors: ['insurer'] }, perf(), book, at('2026-03-07T00:00:00Z')))).not.toContain('osfi.report');
  });
});

describe('why each rule applies or not', () => {
  const packOf = (r: ReturnType<typeof computeObligations>, id: string) => r.packs.find((p) => p.rulePackId === id)!;
  const ruleOf = (r: ReturnType<typeof computeObligations>, pack: string, rule: string) => packOf(r, pack).rules.find((x) => x.ruleId === rule)!;

  it('a pack in force none of whose rules applies does not apply, and its rule says why: OSFI and a provincial insurer', () => {
    const r = computeObligations(facts({ kind: 'cyberattack', sectors: ['insurer'], jurisdictions: ['CA', 'QC'] }), perf(), book, at('2026-03-07T00:00:00Z'));
    expect(packOf(r, 'ca-osfi-tcsi')).toMatchObject({ applies: false, reason: { en: expect.stringContaining('none of its rules applies'), fr: expect.stringContaining('aucune de ses règles') } });
    expect(ruleOf(r, 'ca-osfi-tcsi', 'osfi.report')).toEqual({
      ruleId: 'osfi.report',
      title: expect.objectContaining({ en: expect.any(String) }),
      applies: false,
      reason: {
        en: 'Does not apply: applies to the sectors federally_regulated_financial_institution; the organization’s: insurer',
        fr: 'Ne s’applique pas : s’applique aux secteurs federally_regulated_financial_institution ; ceux de l’organisation : insurer',
      },
    });
    expect(retentionEnds(facts({ kind: 'cyberattack', sectors: ['insurer'], jurisdictions: ['CA', 'QC'] }), book).map((x) => x.rulePackId)).not.toContain('ca-osfi-tcsi');
  });

  it('a notice that waits for the risk assessment says so; once a risk is found it applies, and says on what facts', () => {
    const pending = computeObligations(facts({ riskOfSeriousInjury: null }), perf({ riskAssessedAt: null }), book, at('2026-03-07T00:00:00Z'));
    expect(packOf(pending, 'qc-p39.1').applies).toBe(true);
    expect(ruleOf(pending, 'qc-p39.1', 'qc.notify-cai')).toMatchObject({ applies: false, reason: { en: expect.stringContaining('the risk has not been assessed yet'), fr: expect.stringContaining('n’a pas encore été évalué') } });
    expect(ruleOf(pending, 'qc-p39.1', 'qc.register')).toMatchObject({ applies: true, reason: { en: 'Applies: personal information is concerned' } });
    const found = computeObligations(facts(), perf(), book, at('2026-03-07T00:00:00Z'));
    expect(ruleOf(found, 'qc-p39.1', 'qc.notify-cai')).toMatchObject({
      applies: true,
      reason: { en: 'Applies: personal information is concerned; the latest assessment found a risk of serious injury' },
    });
    const none = computeObligations(facts({ riskOfSeriousInjury: false }), perf(), book, at('2026-03-07T00:00:00Z'));
    expect(ruleOf(none, 'qc-p39.1', 'qc.notify-cai').reason.en).toContain('the latest assessment found none');
  });

  it('the GDPR authority notice stops applying once an assessment rules the risk out, and says so', () => {
    const r = computeObligations(facts({ jurisdictions: ['EU'], riskOfSeriousInjury: false }), perf(), book, at('2026-03-07T00:00:00Z'));
    expect(ruleOf(r, 'eu-gdpr', 'gdpr.notify-authority')).toMatchObject({ applies: false, reason: { en: expect.stringContaining('the latest one found none') } });
  });

  it('every obligation computed comes from a rule that says it applies, and no other', () => {
    for (const f of [facts(), facts({ riskOfSeriousInjury: null }), facts({ jurisdictions: ['CA', 'EU', 'QC'], sectors: ['insurer'], kind: 'cyberattack' })]) {
      const r = computeObligations(f, perf(), book, at('2026-03-07T00:00:00Z'));
      const applying = r.packs.flatMap((p) => p.rules.filter((x) => x.applies).map((x) => x.ruleId)).sort();
      expect(r.obligations.filter((o) => !o.id.includes('.update-')).map((o) => o.id).sort()).toEqual(applying);
    }
  });

  it('a pack not in force lists no rules', () => {
    const r = computeObligations(facts({ awareAt: '2020-06-15T13:00:00.000Z' }), perf(), book, at('2020-06-20T00:00:00Z'));
    expect(packOf(r, 'qc-p39.1').rules).toEqual([]);
  });
});
