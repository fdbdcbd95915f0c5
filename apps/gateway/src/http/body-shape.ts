import { DomainError, FieldViolation } from '@app/kernel';
import type { FastifyRequest } from 'fastify';

export const MAX_BODY_DEPTH = 32;

const fieldOf = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('') || 'body';

const NUL: FieldViolation['message'] = { en: 'must not contain the NUL character (U+0000)', fr: 'ne doit pas contenir le caractère NUL (U+0000)' };

/**
 * Walks a parsed body iteratively (a recursive walk is what a hostile body would
 * overflow): too deep, a string that is not well-formed Unicode (a lone surrogate
 * makes some validators throw) or that holds a NUL character (no store keeps one), is a
 * violation naming the field. `at`: the path of the value walked, when it is not a body.
 */
export function inspect(value: unknown, at: (string | number)[] = []): FieldViolation | null {
  return walk(value, at).violation;
}

/** What a walk of a value found: its first violation, and whether any key is one a prototype guard deletes (`constructor`, `prototype`). */
interface Walked {
  violation: FieldViolation | null;
  prototypeKeys: boolean;
}

function walk(value: unknown, at: (string | number)[]): Walked {
  const stack: [unknown, (string | number)[]][] = [[value, at]];
  let prototypeKeys = false;
  const found = (violation: FieldViolation): Walked => ({ violation, prototypeKeys });
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return found({ field: fieldOf(path), rule: 'wellFormedUnicode', message: { en: 'contains malformed Unicode (a lone surrogate)', fr: 'contient de l’Unicode mal formé (substitut isolé)' } });
      if (v.includes('\u0000')) return found({ field: fieldOf(path), rule: 'noNullCharacter', message: NUL });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_BODY_DEPTH) return found({ field: fieldOf(path), rule: 'maxDepth', message: { en: `nested more than ${MAX_BODY_DEPTH} levels deep`, fr: `imbriqué sur plus de ${MAX_BODY_DEPTH} niveaux` } });
    for (const [k, child] of Object.entries(v as object)) {
      if (!k.isWellFormed()) return found({ field: fieldOf(path), rule: 'wellFormedUnicode', message: { en: 'has a key with malformed Unicode', fr: 'a une clé en Unicode mal formé' } });
      if (k.includes('\u0000')) return found({ field: fieldOf(path), rule: 'noNullCharacter', message: { en: 'has a key with the NUL character (U+0000)', fr: 'a une clé avec le caractère NUL (U+0000)' } });
      if (k === '__proto__' || (k === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype'))) {
        return found({ field: fieldOf([...path, k]), rule: 'forbiddenKey', message: { en: 'is a key that could change every object’s prototype: refused', fr: 'est une clé qui pourrait modifier le prototype de tous les objets : refusée' } });
      }
      if (k === 'constructor' || k === 'prototype') prototypeKeys = true;
      stack.push([child, [...path, Array.isArray(v) ? Number(k) : k]]);
    }
  }
  return { violation: null, prototypeKeys };
}

/**
 * The bodies this parser made and found sound. Each is what `JSON.parse` gives (plain
 * objects and arrays without gaps, strings, numbers, booleans and nulls: no binary value,
 * no cycle, no prototype other than Object's and Array's), already inspected, and holds no
 * key named `constructor` or `prototype`. On such a value the validation pipe's own walks
 * (inspection, closing array gaps, deleting prototype keys, looking for binary values)
 * have nothing to find, and are skipped (`validation.ts`).
 */
const soundBodies = new WeakSet<object>();

/** Whether `value` is a body this parser made and found sound (`soundBodies`). */
export function isSoundJsonBody(value: unknown): boolean {
  return typeof value === 'object' && value !== null && soundBodies.has(value);
}

/**
 * Fastify refuses a body holding `__proto__` (or `constructor.prototype`) as if it were not
 * JSON. When it is JSON, the caller is told which key was refused, and why.
 */
function forbiddenKey(raw: string): DomainError | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const problem = inspect(parsed);
  return problem?.rule === 'forbiddenKey' ? DomainError.validation([problem]) : null;
}

type Done = (err: Error | null, body?: unknown) => void;
type JsonParser = (req: FastifyRequest, body: string, done: Done) => void;

/**
 * The JSON body parser: Fastify's own (prototype poisoning refused), then the shape every
 * command body must have — a JSON object, of bounded depth, in well-formed Unicode —
 * or a 400 naming the field, before any validation or handler runs. An empty body is no
 * body: validation then names each missing field.
 */
export function jsonBodyParser(parse: JsonParser): JsonParser {
  return (req, raw, done) => {
    if (raw.length === 0) return done(null, undefined);
    parse(req, raw, (err, body) => {
      if (err) return done(forbiddenKey(raw) ?? err);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return done(DomainError.validation([{ field: 'body', rule: 'jsonObject', message: { en: 'the body must be a JSON object', fr: 'le corps doit être un objet JSON' } }]));
      }
      const { violation, prototypeKeys } = walk(body, []);
      if (violation) return done(DomainError.validation([violation]));
      if (!prototypeKeys) soundBodies.add(body);
      done(null, body);
    });
  };
}
