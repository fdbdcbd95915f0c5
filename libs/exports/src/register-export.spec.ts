import type { RegisterEntry } from '@app/projections';
import { pdfText } from '../../../test/support/pdf-text';
import { PDF_ENTRIES_PER_SLICE, PDF_PAGES_PER_SLICE, registerCsv, registerPdf, RegisterExportInput } from './register-export';

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

describe('the register as PDF, for a register of thousands of incidents', () => {
  it('is laid out in slices, and the document waits for each pause before it goes on', async () => {
    const count = PDF_ENTRIES_PER_SLICE * 2 + 5; // the cover, then three slices of entries: three pauses
    let release!: () => void;
    let pauses = 0;
    const pause = () => {
      pauses += 1;
      return new Promise<void>((resolve) => (release = resolve));
    };
    let settled = false;
    const pdf = registerPdf(input(count), 'fr', pause).then((b) => ((settled = true), b));
    await new Promise((r) => setImmediate(r));
    expect(pauses).toBe(1);
    // Held at the first pause: the document is not finished, however long we wait for it.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    for (const reached of [2, 3]) {
      release();
      await new Promise((r) => setImmediate(r));
      expect(pauses).toBe(reached);
    }
    release();
    const text = pdfText(await pdf);
    expect(pauses).toBe(3);
    for (const n of [1, PDF_ENTRIES_PER_SLICE, PDF_ENTRIES_PER_SLICE + 1, count]) expect(text).toContain(`Incident ${n}\n`);
  });

  it('prints the number of persons as its reader writes it; the CSV keeps the bare number for spreadsheets', async () => {
    const big = { ...input(1), entries: [{ ...entry(1), personsConcerned: { count: 52_000, approximate: true, inQuebec: 50_000 } }] };
    expect(pdfText(await registerPdf(big, 'fr'))).toContain('52\u00a0000 (approximatif)');
    expect(pdfText(await registerPdf(big, 'en'))).toContain('52,000 (approximate)');
    expect(registerCsv(big, 'fr')).toContain(';"52000 (approximatif)";');
  });

  it('says the same with or without pauses', async () => {
    const a = await registerPdf(input(PDF_ENTRIES_PER_SLICE + 3), 'en');
    const b = await registerPdf(input(PDF_ENTRIES_PER_SLICE + 3), 'en', async () => undefined);
    expect(pdfText(a)).toEqual(pdfText(b));
    expect(pdfText(a)).toContain('Page 2 of');
  });

  it('ends the pages a slice at a time and every page keeps its "page n of N" footer', async () => {
    let pauses = 0;
    const pdf = await registerPdf(input(PDF_ENTRIES_PER_SLICE * 20), 'en', async () => void (pauses += 1));
    const text = pdfText(pdf);
    const total = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(total).toBeGreaterThan(PDF_PAGES_PER_SLICE); // more pages than a slice: footers and ends took several
    for (let n = 1; n <= total; n++) expect(text).toContain(`Page ${n} of ${total}`);
    expect(pauses).toBe(1 + 19 + 2 * Math.ceil(total / PDF_PAGES_PER_SLICE) - 2);
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
  }, 30_000);
});
