import { DomainError, FieldViolation } from '@app/kernel';
import { ArgumentMetadata, ValidationPipe, ValidationError } from '@nestjs/common';
import type { TransformerPackage } from '@nestjs/common/interfaces/external/transformer-package.interface';
import { classToPlain, plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationOptions } from 'class-validator';
import { inspect, isSoundJsonBody } from './body-shape';

/** French for class-validator's rules; the English comes from class-validator itself. */
const FR: Record<string, string> = {
  whitelistValidation: 'ce champ n’est pas permis',
  isDefined: 'ce champ est obligatoire',
  isNotEmpty: 'ne doit pas être vide',
  isString: 'doit être une chaîne de caractères',
  isInt: 'doit être un nombre entier',
  isNumber: 'doit être un nombre',
  isBoolean: 'doit être vrai ou faux',
  isEmail: 'doit être une adresse courriel',
  isUuid: 'doit être un UUID',
  isArray: 'doit être une liste',
  arrayNotEmpty: 'ne doit pas être une liste vide',
  arrayUnique: 'ne doit pas contenir de doublons',
  matches: 'n’a pas le format attendu',
  isDateString: 'doit être une date ISO 8601',
  isIso8601Instant: 'doit être une date et heure ISO 8601 avec fuseau (ex. 2020-06-18T10:00:00-04:00)',
  isCalendarDay: 'doit être une date AAAA-MM-JJ',
  nestedValidation: 'doit être un objet valide',
  isObject: 'doit être un objet',
};

/** "1 caractère", "300 caractères": French counts 0 and 1 in the singular. */
const count = (n: unknown, word: string) => `${n} ${word}${Number(n) >= 2 ? 's' : ''}`;

/** French for the rules that carry a limit or a list, which the message states as the English one does. */
const FR_WITH: Record<string, (c: unknown[]) => string> = {
  isIn: ([values]) => `doit être l’une des valeurs permises : ${(values as unknown[]).join(', ')}`,
  isEnum: ([, values]) => `doit être l’une des valeurs permises : ${(values as unknown[]).join(', ')}`,
  maxLength: ([n]) => `ne doit pas dépasser ${count(n, 'caractère')}`,
  minLength: ([n]) => `doit compter au moins ${count(n, 'caractère')}`,
  min: ([n]) => `ne doit pas être inférieur à ${n}`,
  max: ([n]) => `ne doit pas être supérieur à ${n}`,
  arrayMaxSize: ([n]) => `ne doit pas compter plus de ${count(n, 'élément')}`,
  arrayMinSize: ([n]) => `doit compter au moins ${count(n, 'élément')}`,
};

/**
 * A rule's own message, in both languages: class-validator states it in English, and the
 * French travels in the rule's context. For a rule whose generic French ("n’a pas le format
 * attendu") would not tell the user what the English tells (`must be 10 digits (NEQ)`).
 */
export function saying(en: string, fr: string, options: ValidationOptions = {}): ValidationOptions {
  return { ...options, message: en, context: { ...(options.context as object), fr } };
}

/** The French of one broken rule: its own (see `saying`), or with its limit or its allowed values read from the rule itself. */
function french(e: ValidationError, rule: string): string {
  const own = (e.contexts?.[rule] as { fr?: unknown } | undefined)?.fr;
  if (typeof own === 'string') return own;
  const withValues = FR_WITH[rule];
  const target = (e.target as object | undefined)?.constructor;
  if (withValues && target) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);
    const found = rules.find((m) => m.propertyName === e.property && m.name === rule);
    if (found?.constraints?.length) return withValues(found.constraints);
  }
  return FR[rule] ?? 'valeur invalide';
}

/** Rules about what kind of value a field holds (a string, a number, a list…). */
const KIND_RULES = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject']);

/**
 * What a failing field is told. A required field that is absent fails every rule it
 * carries ("must be a string", "must be shorter than 300 characters"…): it is named once,
 * as missing. (An optional field's absence never gets here: `@IsOptional()` skips its
 * rules.) A value of the wrong kind is named by the kind it should be: its length, range
 * or format rules ("must not be greater than 500" and "must not be less than 1" for
 * `limit=abc`) say nothing useful about it. Otherwise every broken rule is named.
 */
function reported(e: ValidationError): Record<string, string> {
  const constraints = e.constraints ?? {};
  const rules = Object.keys(constraints);
  if (rules.length === 0) return constraints;
  if (e.value === undefined) return { isDefined: `${e.property} is required` };
  const kinds = rules.filter((r) => KIND_RULES.has(r));
  return kinds.length ? Object.fromEntries(kinds.map((r) => [r, constraints[r]])) : constraints;
}

/** class-validator's errors as field violations, each in both languages (also the configuration's, at boot). */
export function violationsOf(errors: ValidationError[]): FieldViolation[] {
  return flatten(errors);
}

function flatten(errors: ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const [rule, en] of Object.entries(reported(e))) {
      out.push({ field, rule, message: { en, fr: `${field} : ${french(e, rule)}` } });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/**
 * The validation pipe of every REST parameter and GraphQL argument: unknown fields
 * rejected, every failing field named, in both languages. GraphQL's own string literals
 * reach it without passing the JSON body's checks (`"\u0000"` in a query is a NUL
 * character): the same shape check runs on every value first, naming the field.
 *
 * A body the JSON parser has already inspected and found sound (`isSoundJsonBody`) is
 * not walked again: neither by that check nor by Nest's own walks (closing the gaps of
 * sparse arrays, deleting prototype keys, looking for binary values where a nested object
 * is expected), which can find nothing in what `JSON.parse` makes. Those four walks took
 * about a sixth of the pipe's time per command (bench/README.md, "The validation pipe's
 * walks"). Any other value (a query string, a path parameter, a GraphQL argument) gets
 * every one of them.
 */
class ShapeCheckingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (INPUTS.has(metadata.type) && !isSoundJsonBody(value)) {
      // An object's fields are named as validation names them; a single value by its parameter.
      const violation = inspect(value, value !== null && typeof value === 'object' ? [] : metadata.data ? [metadata.data] : []);
      if (violation) throw DomainError.validation([violation]);
    }
    return super.transform(value, metadata);
  }

  protected override closeArrayGaps(value: unknown): void {
    if (!isSoundJsonBody(value)) super.closeArrayGaps(value);
  }

  protected override stripProtoKeys(value: unknown): void {
    if (!isSoundJsonBody(value)) super.stripProtoKeys(value);
  }

  protected override findNestedBinaryValues(object: unknown, metadataCache?: Map<unknown, unknown[]>): ValidationError[] {
    return typeof object === 'object' && object !== null && fromSoundBodies.has(object) ? [] : super.findNestedBinaryValues(object, metadataCache);
  }
}

/** The instances class-transformer made from sound bodies (see `transformer`). */
const fromSoundBodies = new WeakSet<object>();

/**
 * class-transformer as the pipe loads it, noting which instances it made from a sound
 * body: the pipe then knows that such an instance holds no binary value without looking.
 * (Nest keeps the transformer of the last pipe made for every pipe: the set is one for all.)
 */
const transformer: TransformerPackage = {
  plainToInstance: (cls, plain, options) => {
    const made = plainToInstance(cls, plain, options);
    if (isSoundJsonBody(plain) && typeof made === 'object' && made !== null) fromSoundBodies.add(made);
    return made;
  },
  classToPlain: (object, options) => classToPlain(object, options),
};

/**
 * What callers send: bodies, query strings and path parameters (GraphQL's arguments are
 * given to pipes as bodies). Not the request or context objects given to other parameters.
 */
const INPUTS = new Set<unknown>(['body', 'query', 'param']);

export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new ShapeCheckingValidationPipe({
    transformerPackage: transformer,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // The value tells an absent field from a wrong one, the target's class gives the French its
    // limits and allowed values; neither reaches the answer.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => DomainError.validation(flatten(errors)),
  });
}

type MetadataLookup = ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];
let memoized: MetadataLookup | undefined;

/**
 * class-validator finds a class's rules by scanning every rule of every decorated class
 * in the process, on each validation (typestack/class-validator#2686): a cost that grows
 * with the whole API's DTOs, paid by every request. A class's rules are all registered
 * when the class is defined, before anything can validate it, so the answer for a class
 * and the same options never changes: it is computed once and kept (per class, weakly).
 * The rules are then grouped by property, at each validation of each object: the groups
 * of a kept answer are kept beside it (class-validator only reads them).
 * Idempotent; returns the underlying lookup (for tests).
 */
export function memoizeValidationMetadata(): MetadataLookup {
  const storage = getMetadataStorage();
  if (memoized) return memoized;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const cache = new WeakMap<Function, Map<string, ReturnType<MetadataLookup>>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map()));
    // The usual call (no schema, no groups) gets a short key; any other the whole options as JSON.
    const key = schema === undefined && !groups?.length ? `${always}|${strictGroups}` : JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  const group = storage.groupByPropertyName.bind(storage);
  const grouped = new WeakMap<ReturnType<MetadataLookup>, ReturnType<typeof group>>();
  storage.groupByPropertyName = (metadatas) => {
    let found = grouped.get(metadatas);
    if (!found) grouped.set(metadatas, (found = group(metadatas)));
    return found;
  };
  memoized = lookup;
  return lookup;
}
