import { DomainError, FieldViolation } from '@app/kernel';
import type { NextFunction, Request, Response } from 'express';

export const MAX_BODY_DEPTH = 32;

const fieldOf = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('') || 'body';

/**
 * Walks a parsed body iteratively (a recursive walk is what a hostile body would
 * overflow): too deep, or a string that is not well-formed Unicode (a lone surrogate
 * makes some validators throw), is a violation naming the field.
 */
function inspect(value: unknown): FieldViolation | null {
  const stack: [unknown, (string | number)[]][] = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return { field: fieldOf(path), rule: 'wellFormedUnicode', message: { en: 'contains malformed Unicode (a lone surrogate)', fr: 'contient de l’Unicode mal formé (substitut isolé)' } };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_BODY_DEPTH) return { field: fieldOf(path), rule: 'maxDepth', message: { en: `nested more than ${MAX_BODY_DEPTH} levels deep`, fr: `imbriqué sur plus de ${MAX_BODY_DEPTH} niveaux` } };
    for (const [k, child] of Object.entries(v as object)) {
      if (!k.isWellFormed()) return { field: fieldOf(path), rule: 'wellFormedUnicode', message: { en: 'has a key with malformed Unicode', fr: 'a une clé en Unicode mal formé' } };
      stack.push([child, [...path, Array.isArray(v) ? Number(k) : k]]);
    }
  }
  return null;
}

/** Every command body is a JSON object, of bounded depth, in well-formed Unicode: anything else is a 400 before validation. */
export function bodyShapeGuard(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.body === undefined || !req.is('application/json')) return next();
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    return next(DomainError.validation([{ field: 'body', rule: 'jsonObject', message: { en: 'the body must be a JSON object', fr: 'le corps doit être un objet JSON' } }]));
  }
  const problem = inspect(req.body);
  next(problem ? DomainError.validation([problem]) : undefined);
}
