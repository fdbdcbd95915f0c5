import type { RegisterEntry } from '@app/projections';
import { TurnTaker } from '@app/kernel';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetText } from './spreadsheet';
import { colon, dayOrDateTime, L, Lang, montrealDateTime } from './labels';

export interface RegisterExportInput {
  organizationId: string;
  organizationName: string;
  /** The moment the register is shown as of, and on which basis. */
  asOf: string;
  basis: 'business' | 'recorded' | 'now';
  generatedAt: string;
  entries: RegisterEntry[];
}

const yesNo = (b: boolean, lang: Lang) => (b ? L.yes : L.no)[lang];

/** A count as a reader of the language writes it (52 000 in French, 52,000 in English). */
const readerCount = (n: number, lang: Lang) => new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA').format(n);

/**
 * The 8 fields of s. 7 of r. 3.1, as text, in one language. The number of persons is a
 * bare number for spreadsheets (CSV) and grouped as its reader writes it for print (PDF).
 */
export function registerFields(e: RegisterEntry, lang: Lang, count: (n: number, lang: Lang) => string = String): string[] {
  const approx = (b: boolean) => (b ? ` (${L.approximate[lang]})` : '');
  const info = e.informationConcerned.categories.length
    ? e.informationConcerned.categories.map((c) => L.categories[c]?.[lang] ?? c).join(', ')
    : `${L.unknown[lang]}${colon(lang)}${e.informationConcerned.unknownReason ?? ''}`;
  const origin = `${L.origins[e.circumstances.origin.type]?.[lang] ?? e.circumstances.origin.type}${e.circumstances.origin.name ? ` — ${e.circumstances.origin.name}` : ''}`;
  const circumstances = `${e.circumstances.title}. ${e.circumstances.description} (${origin})`;
  const occurred = `${montrealDateTime(e.occurred.from)} – ${e.occurred.to ? montrealDateTime(e.occurred.to) : L.ongoing[lang]}${approx(e.occurred.approximate)}`;
  const persons = `${count(e.personsConcerned.count, lang)}${approx(e.personsConcerned.approximate)}`;
  const risk = e.riskAssessment
    ? `${yesNo(e.riskAssessment.seriousInjuryRisk, lang)} — ${e.riskAssessment.reason} (${montrealDateTime(e.riskAssessment.assessedAt)})`
    : L.notAssessed[lang];
  const n = e.notices;
  const notices = [
    `${L.cai[lang]}${colon(lang)}${n.caiNotifiedAt ? montrealDateTime(n.caiNotifiedAt) : L.none[lang]}`,
    `${L.persons[lang]}${colon(lang)}${n.personsNotifiedAt ? montrealDateTime(n.personsNotifiedAt) : L.none[lang]}`,
    `${L.publicNotice[lang]}${colon(lang)}${n.publicNotice ? `${montrealDateTime(n.publicNotice.givenAt)} — ${n.publicNotice.why}` : L.none[lang]}`,
    ...(n.deferral ? [`${L.deferral[lang]}${colon(lang)}${n.deferral.reason} (${n.deferral.investigatingBody}, ${montrealDateTime(n.deferral.since)})`] : []),
  ].join('; ');
  const measures = e.measures.length
    ? e.measures.map((m) => `${montrealDateTime(m.takenAt)} ${L.measures[m.measure]?.[lang] ?? m.measure}${colon(lang)}${m.description}`).join('; ')
    : L.noMeasures[lang];
  return [info, circumstances, occurred, montrealDateTime(e.awareAt), persons, risk, notices, measures];
}

/**
 * The register as CSV: one row per incident, one column per field of s. 7 (plus the
 * incident, its status, last update and retention end). UTF-8 with a byte-order mark so
 * spreadsheets read the accents; `;` in French (the decimal comma's list separator), `,` in English.
 */
export function registerCsv(input: RegisterExportInput, lang: Lang, delimiter = lang === 'fr' ? ';' : ','): string {
  const header = [L.incident[lang], ...L.fields.map((f) => f[lang]), L.status[lang], L.lastUpdated[lang], L.retention[lang]];
  const rows = input.entries.map((e) => [e.incidentId, ...registerFields(e, lang), L.statuses[e.status]?.[lang] ?? e.status, montrealDateTime(e.lastUpdated), dayOrDateTime(e.retentionUntil)]);
  // Every cell of the register is text, and most begin with what a user typed.
  return '\ufeff' + stringify([header, ...rows], { delimiter, record_delimiter: 'windows', quoted_match: /[\s"';,]/, cast: { string: spreadsheetText } });
}

/** The standard PDF fonts speak Windows-1252: anything else would print as garbage, so it is replaced (and the CSV keeps it intact). */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const printable = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x100 || WIN_ANSI_EXTRA.includes(c) ? c : c === '\u202f' ? '\u00a0' : '?')).join('');

/** What gives the event loop its turns during long work: a TurnTaker, by time (a count of steps would hold the loop longer on a slower host). */
export interface Turns {
  /** A turn to await, or undefined to go on. */
  due(): Promise<void> | undefined;
}

/**
 * The register as a PDF document for a regulator or an auditor: a cover block, then each
 * incident with its 8 numbered fields. Laying text out costs 1.5–2.5 ms an entry (a
 * register of thousands of incidents takes seconds), so the work asks `turns` before each
 * entry, each page's footer and each page's end, and gives the event loop a turn whenever
 * its budget of work is spent (20 ms by default): the service keeps answering everyone else
 * meanwhile, however slow the host.
 */
export async function registerPdf(input: RegisterExportInput, lang: Lang, turns: Turns = new TurnTaker()): Promise<Buffer> {
  // Loaded at the first PDF, not at the service's start: pdfkit and its fonts' modules take
  // about 140 ms to load (bench/README.md, "The gateway as it ships, and a cold start
  // counted from the spawn").
  const PDFDocument = require('pdfkit') as typeof import('pdfkit');
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 54, bottom: 54, left: 54, right: 54 },
    bufferPages: true,
    lang: lang === 'fr' ? 'fr-CA' : 'en-CA',
    info: { Title: `${L.registerTitle[lang]} — ${input.organizationName}`, Author: 'Vigie', Subject: L.registerSource[lang], CreationDate: new Date(input.generatedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const text = (s: string, options?: PDFKit.Mixins.TextOptions) => doc.text(printable(s), options);

  doc.font('Helvetica-Bold').fontSize(16);
  text(L.registerTitle[lang]);
  doc.font('Helvetica').fontSize(9).fillColor('#333333');
  text(L.registerSource[lang]);
  doc.moveDown(0.5).fontSize(11).fillColor('#000000');
  text(`${L.organization[lang]}${colon(lang)}${input.organizationName} (${input.organizationId})`);
  text(`${L.asOf[lang]} ${montrealDateTime(input.asOf)} — ${L.asOfBasis[input.basis][lang]}`);
  text(`${L.generatedAt[lang]} ${montrealDateTime(input.generatedAt)} · ${L.times[lang]}`);
  doc.moveDown();
  if (input.entries.length === 0) text(L.noEntries[lang]);
  for (const e of input.entries) {
    await turns.due();
    if (doc.y > doc.page.height - 200) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(12);
    text(`${e.circumstances.title}`);
    doc.font('Helvetica').fontSize(8).fillColor('#444444');
    text(`${L.incident[lang]} ${e.incidentId} · ${L.status[lang]}${colon(lang)}${L.statuses[e.status]?.[lang] ?? e.status} · ${L.lastUpdated[lang]} ${montrealDateTime(e.lastUpdated)}${e.retentionUntil ? ` · ${L.retention[lang]} ${dayOrDateTime(e.retentionUntil)}` : ''}`);
    doc.fillColor('#000000').moveDown(0.3);
    registerFields(e, lang, readerCount).forEach((value, i) => {
      doc.font('Helvetica-Bold').fontSize(9);
      text(L.fields[i][lang]);
      doc.font('Helvetica').fontSize(9);
      text(value, { indent: 12 });
      doc.moveDown(0.2);
    });
    doc.moveDown(0.8);
  }
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    await turns.due();
    doc.switchToPage(range.start + i);
    doc.font('Helvetica').fontSize(8).fillColor('#555555');
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.text(printable(`${input.organizationName} — ${L.registerTitle[lang]} — ${L.page[lang]} ${i + 1} ${L.of[lang]} ${range.count}`), 54, doc.page.height - 36, { align: 'center', width: doc.page.width - 108 });
    doc.page.margins.bottom = bottom;
  }
  await endPagesInTurns(doc, turns);
  doc.end();
  return done;
}

/**
 * The pages wait in pdfkit's buffer for their "page n of N" footer, and pdfkit ends them all
 * at once (compressing each page's content) when the document ends: a third of a second for
 * a thousand pages. They are ended one at a time instead, asking for a turn between two, by
 * handing flushPages() a buffer of one page. The buffer is pdfkit's own field (0.20): if it
 * is ever not there, doc.end() ends every page as before, only in one go.
 */
async function endPagesInTurns(doc: PDFKit.PDFDocument, turns: Turns): Promise<void> {
  const d = doc as unknown as { _pageBuffer?: unknown };
  const pages = d._pageBuffer;
  if (!Array.isArray(pages)) return;
  for (const page of pages) {
    await turns.due();
    d._pageBuffer = [page];
    doc.flushPages();
  }
}
