import { checkPack, loadRuleBook } from './loader';
import type { RulePack, Target } from './rule-pack';

const targets: Record<string, Target> = { 'qc.promptly': { hours: 72, note: { en: 'Target', fr: 'Cible' } } };
const pack = (over: Partial<RulePack> = {}): RulePack => ({
  id: 'qc-test',
  version: '1.0.0',
  jurisdiction: 'QC',
  title: { en: 'Test', fr: 'Essai' },
  inForce: { from: '2022-09-22' },
  sources: ['CQLR c. P-39.1'],
  retention: { years: 5, from: 'awareAt', source: 'CQLR c. P-39.1, r. 3.1', note: { en: 'Kept 5 years', fr: 'Conservé 5 ans' }, confirmed: false },
  rules: [
    {
      id: 'qc.notify-cai',
      title: { en: 'Notify the CAI', fr: 'Aviser la CAI' },
      source: 'P-39.1 s. 3.5',
      appliesWhen: { personalInformation: true },
      recipient: 'CAI',
      satisfiedBy: { notificationTo: ['CAI'] },
      deadline: { basis: 'target', targetKey: 'qc.promptly', from: 'awareAt' },
    },
  ],
  ...over,
});
const rule = pack().rules[0];

describe('rule packs are checked as they load', () => {
  it('the packs shipped in config/rules load, each with its sources, and every retention says itself in both languages', () => {
    const book = loadRuleBook();
    expect(book.packs.map((p) => p.id).sort()).toEqual(['ca-osfi-tcsi', 'ca-pipeda', 'eu-gdpr', 'qc-amf-infosec', 'qc-p39.1']);
    for (const p of book.packs.filter((x) => x.retention)) expect(p.retention).toMatchObject({ source: expect.any(String), note: { en: expect.any(String), fr: expect.any(String) } });
  });

  it('accepts a well-formed pack', () => {
    expect(() => checkPack(pack(), 'qc-test.json', targets)).not.toThrow();
  });

  it.each<[string, Partial<RulePack>, RegExp]>([
    ['no version', { version: '' }, /qc-test\.json: id and version are required/],
    ['a start that is not a day', { inForce: { from: '22/09/2022' } }, /inForce\.from must be YYYY-MM-DD/],
    ['no sources', { sources: [] }, /sources must cite/],
    ['a rule twice', { rules: [rule, rule] }, /rule qc\.notify-cai appears twice/],
    ['a rule with no citation', { rules: [{ ...rule, source: '' }] }, /rule qc\.notify-cai has no source citation/],
    ['a rule with no French title', { rules: [{ ...rule, title: { en: 'Notify the CAI', fr: '' } }] }, /needs a French and an English title/],
    ['a target that does not exist', { rules: [{ ...rule, deadline: { basis: 'target', targetKey: 'qc.someday', from: 'awareAt' } }] }, /target qc\.someday is not in targets\.json/],
    ['a law deadline with no hours', { rules: [{ ...rule, deadline: { basis: 'law', from: 'awareAt' } }] }, /a law deadline needs hours > 0/],
    ['a retention said in English only', { retention: { years: 5, from: 'awareAt', source: 'r. 3.1', note: { en: 'Kept 5 years', fr: '' }, confirmed: false } }, /retention needs a source citation and a French and an English note/],
  ])('refuses a pack with %s, naming the file and what is wrong', (_what, over, message) => {
    expect(() => checkPack(pack(over), 'qc-test.json', targets)).toThrow(message);
  });
});
