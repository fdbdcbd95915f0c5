import { inflateSync } from 'node:zlib';

/**
 * The text drawn in a PDF made with the standard fonts (as pdfkit writes it): each
 * content stream is inflated, and the hex strings of its TJ/Tj operators are decoded
 * from Windows-1252, one line per text operator. Enough to assert what a page says.
 */
/** Windows-1252 differs from Latin-1 in 0x80–0x9F (Node's TextDecoder treats the two alike). */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // not a deflated content stream (fonts, images, metadata)
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hex = op[1] ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : op[2];
      lines.push([...Buffer.from(hex, 'hex')].map((b) => (b >= 0x80 && b < 0xa0 ? CP1252_80_9F[b - 0x80] : String.fromCharCode(b))).join(''));
    }
  }
  return lines.join('\n');
}
