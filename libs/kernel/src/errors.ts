/**
 * Domain errors carry a stable code and a category; transports map the category to a
 * status once (REST problem+json, GraphQL extensions.code). Messages are bilingual:
 * everything user-facing speaks French and English.
 */
export type ErrorCategory = 'validation' | 'rule' | 'not_found' | 'conflict' | 'unauthenticated' | 'forbidden' | 'unavailable';

export interface Bilingual {
  en: string;
  fr: string;
}

export interface FieldViolation {
  /** Dotted path of the failing field, as sent by the caller (e.g. `period.to`). */
  field: string;
  /** Machine-readable rule name (e.g. `isDateString`, `periodOrder`). */
  rule: string;
  message: Bilingual;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly category: ErrorCategory,
    readonly text: Bilingual,
    readonly violations: FieldViolation[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(text.en);
    this.name = 'DomainError';
  }

  static validation(violations: FieldViolation[], code = 'VALIDATION_FAILED'): DomainError {
    return new DomainError(
      code,
      'validation',
      {
        en: `Invalid input: ${violations.map((v) => `${v.field} (${v.message.en})`).join('; ')}`,
        fr: `Données invalides : ${violations.map((v) => `${v.field} (${v.message.fr})`).join(' ; ')}`,
      },
      violations,
    );
  }

  static rule(code: string, text: Bilingual, details: Record<string, unknown> = {}, violations: FieldViolation[] = []): DomainError {
    return new DomainError(code, 'rule', text, violations, details);
  }

  static notFound(code: string, text: Bilingual, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(code, 'not_found', text, [], details);
  }

  static unavailable(code: string, text: Bilingual, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(code, 'unavailable', text, [], details);
  }

  static conflict(code: string, text: Bilingual, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(code, 'conflict', text, [], details);
  }
}

export function violation(field: string, rule: string, en: string, fr: string): FieldViolation {
  return { field, rule, message: { en, fr } };
}

/** Collects violations and throws them all at once, so a caller learns every failing field. */
export class Violations {
  private readonly list: FieldViolation[] = [];
  add(field: string, rule: string, en: string, fr: string): this {
    this.list.push(violation(field, rule, en, fr));
    return this;
  }
  /** Adds a violation found by a shared check (nothing when it found none). */
  include(found: FieldViolation | null): this {
    if (found) this.list.push(found);
    return this;
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  throwIfAny(code?: string): void {
    if (this.list.length) throw DomainError.validation(this.list, code);
  }
}
