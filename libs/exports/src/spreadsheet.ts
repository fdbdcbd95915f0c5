/**
 * A text cell a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
 * carriage return) is written with a leading apostrophe, which spreadsheets show as text
 * (OWASP "CSV injection"). Incident titles, descriptions, reasons and payment references are
 * typed by users, and registers and ledgers are opened in Excel by auditors and regulators.
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
