import { DomainError } from './errors';

/** Money is exact: an integer number of cents in one currency. */
export interface Money {
  cents: number;
  currency: 'CAD';
}

export function money(cents: number, currency: Money['currency'] = 'CAD'): Money {
  if (!Number.isSafeInteger(cents)) {
    throw DomainError.validation([
      {
        field: 'cents',
        rule: 'integerCents',
        message: { en: 'an amount must be a whole number of cents', fr: 'un montant doit être un nombre entier de cents' },
      },
    ]);
  }
  return { cents, currency };
}

export function addMoney(a: Money, b: Money): Money {
  return money(a.cents + b.cents, a.currency);
}

export function multiplyMoney(a: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new RangeError('factor must be an integer');
  return money(a.cents * factor, a.currency);
}

export type Locale = 'fr' | 'en';

/**
 * "10 000 $" in fr-CA, "$10,000" in en-CA; cents are shown only when there are any.
 * Spaces are no-break spaces (U+00A0) whatever the ICU version (some use U+202F for
 * thousands), so the output is stable and an amount never wraps across lines.
 */
export function formatMoney(m: Money, locale: Locale): string {
  const whole = m.cents % 100 === 0;
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  })
    .format(m.cents / 100)
    .replace(/[\u202f\u00a0 ]/g, '\u00a0');
}

export function formatMoneyBoth(m: Money): { fr: string; en: string } {
  return { fr: formatMoney(m, 'fr'), en: formatMoney(m, 'en') };
}

/** A count as people read it: "2 090" in fr-CA (no-break spaces, as amounts), "2,090" in en-CA. */
export function formatCountBoth(n: number): { fr: string; en: string } {
  return { fr: new Intl.NumberFormat('fr-CA').format(n).replace(/\s/g, '\u00a0'), en: new Intl.NumberFormat('en-CA').format(n) };
}
