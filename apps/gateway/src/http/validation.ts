import { DomainError, FieldViolation } from '@app/kernel';
import { ValidationPipe, ValidationError } from '@nestjs/common';

/** French for class-validator's rules; the English comes from class-validator itself. */
const FR: Record<string, string> = {
  whitelistValidation: 'ce champ n’est pas permis',
  isDefined: 'ce champ est obligatoire',
  isNotEmpty: 'ne doit pas être vide',
  isString: 'doit être une chaîne de caractères',
  isInt: 'doit être un nombre entier',
  isNumber: 'doit être un nombre',
  isBoolean: 'doit être vrai ou faux',
  isIn: 'doit être l’une des valeurs permises',
  isEnum: 'doit être l’une des valeurs permises',
  isEmail: 'doit être une adresse courriel',
  isUuid: 'doit être un UUID',
  isArray: 'doit être une liste',
  arrayNotEmpty: 'ne doit pas être une liste vide',
  arrayMaxSize: 'contient trop d’éléments',
  arrayUnique: 'ne doit pas contenir de doublons',
  maxLength: 'est trop long',
  minLength: 'est trop court',
  min: 'est trop petit',
  max: 'est trop grand',
  matches: 'n’a pas le format attendu',
  isDateString: 'doit être une date ISO 8601',
  isIso8601Instant: 'doit être une date et heure ISO 8601 avec fuseau (ex. 2020-06-18T10:00:00-04:00)',
  isCalendarDay: 'doit être une date AAAA-MM-JJ',
  nestedValidation: 'doit être un objet valide',
  isObject: 'doit être un objet',
};

function flatten(errors: ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const [rule, en] of Object.entries(e.constraints ?? {})) {
      out.push({ field, rule, message: { en, fr: `${field} : ${FR[rule] ?? 'valeur invalide'}` } });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Global pipe: unknown fields rejected, every failing field named, in both languages. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => DomainError.validation(flatten(errors)),
  });
}
