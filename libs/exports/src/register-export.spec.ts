import type { RegisterEntry } from '@app/projections';
import { pdfText } from '../../../test/support/pdf-text';
import { TurnTaker } from '@app/kernel';
import { registerCsv, registerPdf, RegisterExportInput, Turns } from './register-export';

const entry = (n: number): RegisterEntry => ({
  incidentId: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  organizationId: '00000000-0000-7000-8000-000000000000',
  informationConcerned: { categories: ['name', 'email'], unknownReason: null },
  circumstances: { title: `Incident ${n}`, description: 'Liste de membres envoyée au mauvais destinataire', origin: { type: 'human_error', name: null } },
  occurred: { from: '2026-11-20T13:00:00.000Z', to: null, approximate: false },
  awareAt: '2026-11-20T15:00:00.000Z',
  personsConcerned: { count: n, approximate: false, inQuebec: n },
  riskAssessment: null,
  notices: { caiNotifiedAt: null, personsNotifiedAt: null, publicNotice: null, deferral: null },
  measures: [],
  status: 'open',
  lastUpdated: '2026-11-20T16:00:00.000Z',
  retentionUntil: '2031-11-20',
  retentionSource: null,
  retentionNote: null,
});

const input = (count: number): RegisterExportInput => ({
  organizationId: '00000000-0000-7000-8000-000000000000',
  organizationName: 'Ordre professionnel',
  asOf: '2026-11-30T12:00:00.000Z',
  basis: 'now',
  generatedAt: '2026-11-30T12:00:00.000Z',
  entries: Array.from({ length: count }, (_, i) => entry(i + 1)),
});

/** Turns asked for, and given every `every` asks: the pause each gives is the caller's to hold. */
function countedTurns(every: number, pause: () => Promise<void>) {
  const t = { asked: 0, given: 0, due: (): Promise<void> | undefined => (++t.asked % every === 0 ? (t.given++, pause()) : undefined) };
  return t;
}

describe('the register as PDF, for a register of thousands of incidents', () => {
  it('gives the event loop the turns it is due, and goes on only once each is over', async () => {
    let release!: () => void;
    const turns = countedTurns(10, () => new Promise<void>((resolve) => (release = resolve)));
    let settled = false;
    const pdf = registerPdf(input(45), 'fr', turns).then((b) => ((settled = true), b));
    await new Promise((r) => setImmediate(r));
    expect(turns.given).toBe(1);
    // Held at the first turn: the document is not finished, however long we wait for it.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(turns.asked).toBe(10);
    while (!settled) {
      const given = turns.given;
      release();
      await new Promise((r) => setImmediate(r));
      if (!settled) expect(turns.given).toBe(given + 1); // it went on to the next turn, and waits there
    }
    const text = pdfText(await pdf);
    // Asked before each entry, each page's footer and each page's end.
    const pages = Number(/Page 1 de (\d+)/.exec(text)?.[1]);
    expect(turns.asked).toBe(45 + 2 * pages);
    for (const n of [1, 10, 11, 45]) expect(text).toContain(`Incident ${n}\n`);
  });

  it('asks by time: the default TurnTaker gives a turn once its budget of work is spent', async () => {
    let now = 0;
    const taker = new TurnTaker(20, () => now);
    let given = 0;
    // 7 ms of work between two asks: a turn every third ask.
    const timed: Turns = { due: () => ((now += 7), taker.due()?.then(() => void given++)) };
    const pdf = await registerPdf(input(12), 'en', timed);
    expect(pdfText(pdf)).toContain('Incident 12\n');
    expect(given).toBeGreaterThan(0);
  });

  it('prints the number of persons as its reader writes it; the CSV keeps the bare number for spreadsheets', async () => {
    const big = { ...input(1), entries: [{ ...entry(1), personsConcerned: { count: 52_000, approximate: true, inQuebec: 50_000 } }] };
    expect(pdfText(await registerPdf(big, 'fr'))).toContain('52\u00a0000 (approximatif)');
    expect(pdfText(await registerPdf(big, 'en'))).toContain('52,000 (approximate)');
    expect(registerCsv(big, 'fr')).toContain(';"52000 (approximatif)";');
  });

  it('says the same with or without turns', async () => {
    const a = await registerPdf(input(23), 'en');
    const b = await registerPdf(input(23), 'en', { due: () => undefined });
    expect(pdfText(a)).toEqual(pdfText(b));
    expect(pdfText(a)).toContain('Page 2 of');
  });

  it('ends the pages one at a time, with a turn between two, and every page keeps its "page n of N" footer', async () => {
    const turns = countedTurns(1, async () => undefined);
    const pdf = await registerPdf(input(400), 'en', turns);
    const text = pdfText(pdf);
    const total = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(total).toBeGreaterThan(100);
    for (let n = 1; n <= total; n++) expect(text).toContain(`Page ${n} of ${total}`);
    expect(turns.given).toBe(400 + 2 * total);
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
  }, 30_000);
});
