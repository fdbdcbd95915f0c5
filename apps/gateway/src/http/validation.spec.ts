import { DomainError } from '@app/kernel';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { isSoundJsonBody, jsonBodyParser } from './body-shape';
import { ArrayMaxSize, ArrayMinSize, getMetadataStorage, IsArray, IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { createValidationPipe, memoizeValidationMetadata, saying } from './validation';
import { NestedObject, NestedObjects } from './validators';

class Base {
  @IsString()
  @MaxLength(5)
  name!: string;
}

class Child extends Base {
  @IsInt()
  @Max(10)
  count!: number;
}

class Part {
  @IsString()
  @MaxLength(5)
  label!: string;
}

class Whole {
  @IsString()
  @MaxLength(5)
  title!: string;

  @NestedObject(() => Part)
  part!: Part;

  @IsOptional()
  @NestedObject(() => Part)
  spare?: Part;

  @IsArray()
  @ArrayMaxSize(3)
  @NestedObjects(() => Part)
  parts!: Part[];

  @IsOptional()
  @IsString()
  @MaxLength(3)
  @Matches(/^[a-z]+$/)
  code?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

enum Channel {
  Mail = 'mail',
  Portal = 'portal',
}

class Limits {
  @IsOptional() @IsIn(['CAI', 'AMF']) recipient?: string;
  @IsOptional() @IsIn(['name', 'email'], { each: true }) categories?: string[];
  @IsOptional() @IsEnum(Channel) channel?: Channel;
  @IsOptional() @IsString() @MinLength(2) @MaxLength(5) code?: string;
  @IsOptional() @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(2) items?: unknown[];
}

class Worded {
  @Matches(/^\d{10}$/, saying('neq must be 10 digits (NEQ)', 'doit compter 10 chiffres (NEQ)')) neq!: string;
  @IsOptional() @Matches(/^[a-z]+$/) plain?: string;
}

class MoreLimits extends Limits {
  @IsOptional() @IsString() extra?: string;
}

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype, data: undefined });

describe('validation', () => {
  it('a class’s rules (its own and inherited) are looked up once, then served from memory, with the same result', () => {
    const storage = getMetadataStorage();
    const scan = memoizeValidationMetadata();
    expect(memoizeValidationMetadata()).toBe(scan); // idempotent: never wrapped twice
    const first = storage.getTargetValidationMetadatas(Child, '', true, false, undefined);
    expect(first).toEqual(scan(Child, '', true, false, undefined));
    expect(first.map((m) => m.propertyName).sort()).toEqual(['count', 'count', 'name', 'name']);
    expect(storage.getTargetValidationMetadatas(Child, '', true, false, undefined)).toBe(first);
    // Other options are another answer, not the cached one.
    const grouped = storage.getTargetValidationMetadatas(Child, '', false, true, ['g']);
    expect(grouped).not.toBe(first);
    expect(grouped).toEqual(scan(Child, '', false, true, ['g']));
    // The usual call (no schema, no groups: the pipe's own) is keyed by its flags alone.
    const noSchema = undefined as unknown as string;
    const usual = storage.getTargetValidationMetadatas(Child, noSchema, false, false, undefined);
    expect(storage.getTargetValidationMetadatas(Child, noSchema, false, false, [])).toBe(usual);
    expect(storage.getTargetValidationMetadatas(Child, noSchema, true, false, undefined)).not.toBe(usual);
    expect(storage.getTargetValidationMetadatas(Child, noSchema, false, false, ['g'])).toEqual(scan(Child, noSchema, false, false, ['g']));
    expect(usual).toEqual(scan(Child, noSchema, false, false, undefined));
  });

  it('the memoized pipe still names every failing field, inherited ones included, on every call', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++) {
      const error = await pipe.transform({ name: 'too long', count: 11, extra: 1 }, body(Child)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).violations.map((v) => `${v.field}:${v.rule}`).sort()).toEqual(['count:max', 'extra:whitelistValidation', 'name:maxLength']);
    }
    await expect(pipe.transform({ name: 'ok', count: 3 }, body(Child))).resolves.toEqual(Object.assign(new Child(), { name: 'ok', count: 3 }));
  });

  describe('absent fields and nested objects', () => {
    const pipe = createValidationPipe();
    const violations = async (value: unknown) => {
      const error = await pipe.transform(value, body(Whole)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).violations;
    };
    const valid = { title: 'ok', part: { label: 'a' }, parts: [{ label: 'b' }] };

    it('accepts a whole body, with or without its optional nested object', async () => {
      await expect(pipe.transform(valid, body(Whole))).resolves.toBeInstanceOf(Whole);
      await expect(pipe.transform({ ...valid, spare: { label: 'c' } }, body(Whole))).resolves.toMatchObject({ spare: { label: 'c' } });
    });

    it('an absent field is named once, as required, in both languages, whatever rules it carries', async () => {
      const { title: _t, ...noTitle } = valid;
      expect(await violations(noTitle)).toEqual([{ field: 'title', rule: 'isDefined', message: { en: 'title is required', fr: 'title : ce champ est obligatoire' } }]);
      const v = await violations({ ...valid, part: {} });
      expect(v).toEqual([{ field: 'part.label', rule: 'isDefined', message: { en: 'label is required', fr: 'part.label : ce champ est obligatoire' } }]);
    });

    it('an absent nested object is refused (class-validator’s nested validation alone lets it through)', async () => {
      const { part: _p, ...noPart } = valid;
      expect((await violations(noPart)).map((x) => `${x.field}:${x.rule}`)).toEqual(['part:isDefined']);
      const { parts: _ps, ...noParts } = valid;
      expect((await violations(noParts)).map((x) => `${x.field}:${x.rule}`)).toEqual(['parts:isDefined']);
    });

    it('a nested object must be an object: not an array (whose elements would be validated instead), null or a scalar', async () => {
      for (const wrong of [[], [{ label: 'a' }], null, 'a', 3]) {
        expect((await violations({ ...valid, part: wrong })).map((x) => `${x.field}:${x.rule}`)).toContain('part:isObject');
        expect((await violations({ ...valid, spare: wrong === null ? [] : wrong })).map((x) => `${x.field}:${x.rule}`)).toContain('spare:isObject');
      }
      expect((await violations({ ...valid, parts: [[]] })).map((x) => `${x.field}:${x.rule}`)).toEqual(['parts:isObject']);
      expect((await violations({ ...valid, parts: [{ label: 'toolong' }] })).map((x) => `${x.field}:${x.rule}`)).toEqual(['parts[0].label:maxLength']);
    });

    it('a value of the wrong kind is named by the kind it should be, not by its length or range rules', async () => {
      expect(await violations({ ...valid, title: 42 })).toEqual([{ field: 'title', rule: 'isString', message: { en: 'title must be a string', fr: 'title : doit être une chaîne de caractères' } }]);
      expect((await violations({ ...valid, title: null })).map((x) => x.rule)).toEqual(['isString']);
      expect((await violations({ ...valid, limit: Number.NaN })).map((x) => x.rule)).toEqual(['isInt']);
      expect((await violations({ ...valid, limit: 2.5 })).map((x) => x.rule)).toEqual(['isInt']);
    });

    it('a value of the right kind is told every rule it breaks', async () => {
      expect((await violations({ ...valid, code: 'ABCDE' })).map((x) => x.rule).sort()).toEqual(['matches', 'maxLength']);
      expect((await violations({ ...valid, limit: 0 })).map((x) => x.rule)).toEqual(['min']);
      expect((await violations({ ...valid, limit: 501 })).map((x) => x.rule)).toEqual(['max']);
    });
  });

  describe('bodies the JSON parser found sound', () => {
    const pipe = createValidationPipe();
    /** A body as the gateway's parser gives it (JSON.parse standing for Fastify's). */
    const parsed = (value: unknown): unknown => {
      let out: unknown;
      jsonBodyParser((_req, raw, done) => done(null, JSON.parse(raw)))({} as never, JSON.stringify(value), (err, b) => {
        if (err) throw err;
        out = b;
      });
      return out;
    };
    const outcome = (value: unknown) =>
      pipe.transform(value, body(Whole)).then(
        (ok) => ({ ok }),
        (e: DomainError) => ({ violations: e.violations }),
      );
    const valid = { title: 'ok', part: { label: 'a' }, parts: [{ label: 'b' }] };
    const walks = ['closeArrayGaps', 'stripProtoKeys', 'findNestedBinaryValues'] as const;
    const spies = () => walks.map((w) => jest.spyOn(ValidationPipe.prototype as never as Record<string, () => unknown>, w));
    afterEach(() => jest.restoreAllMocks());

    it('are validated as the same value given any other way: accepted, or refused with the same fields named', async () => {
      const bodies = [valid, { ...valid, spare: { label: 'c' } }, { ...valid, title: 42 }, { ...valid, part: { label: 'toolong' } }, { ...valid, parts: [[], { label: 'toolong' }] }, { ...valid, extra: 1, part: { label: 'a', more: true } }, { ...valid, part: null }];
      for (const b of bodies) {
        const fromParser = parsed(b);
        expect(isSoundJsonBody(fromParser)).toBe(true);
        expect(await outcome(fromParser)).toEqual(await outcome(structuredClone(b)));
      }
    });

    it('are not walked again by the pipe; any other value is (a GraphQL argument, a query)', async () => {
      const [gaps, proto, binary] = spies();
      await pipe.transform(parsed(valid), body(Whole));
      expect([gaps.mock.calls.length, proto.mock.calls.length, binary.mock.calls.length]).toEqual([0, 0, 0]);
      await pipe.transform(structuredClone(valid), body(Whole));
      expect([gaps, proto, binary].map((spy) => spy.mock.calls.length > 0)).toEqual([true, true, true]); // the binary look recurses into each nested object
    });

    it('is not one that holds a key named constructor or prototype: Nest deletes those keys, as before', async () => {
      for (const key of ['constructor', 'prototype']) {
        const b = parsed({ ...valid, part: { label: 'a', [key]: 'x' } });
        expect(isSoundJsonBody(b)).toBe(false);
        const [, proto] = spies();
        const r = (await pipe.transform(b, body(Whole))) as Whole;
        expect(proto).toHaveBeenCalled();
        expect(Object.hasOwn(r.part, key)).toBe(false);
        jest.restoreAllMocks();
      }
    });

    it('a value not from the parser still has its sparse arrays closed and its binary values refused', async () => {
      const sparse = [{ label: 'b' }];
      sparse[2] = { label: 'c' };
      const r = (await pipe.transform({ ...valid, parts: sparse }, body(Whole))) as Whole;
      expect(r.parts.map((p) => p.label)).toEqual(['b', 'c']);
      const refused = await outcome({ ...valid, part: Buffer.from('a') });
      expect('violations' in refused && refused.violations.map((v) => v.field)).toContain('part');
    });
  });

  it('the French states the limit or the allowed values, as the English does (inherited rules too)', async () => {
    const pipe = createValidationPipe();
    const fr = async (value: object) => {
      const error = (await pipe.transform(value, body(MoreLimits)).catch((e: unknown) => e)) as DomainError;
      expect(error).toBeInstanceOf(DomainError);
      return Object.fromEntries(error.violations.map((v) => [`${v.field}:${v.rule}`, v.message.fr]));
    };
    expect(await fr({ recipient: 'OPC', categories: ['name', 'health'], channel: 'fax' })).toEqual({
      'recipient:isIn': 'recipient : doit être l’une des valeurs permises : CAI, AMF',
      'categories:isIn': 'categories : doit être l’une des valeurs permises : name, email',
      'channel:isEnum': 'channel : doit être l’une des valeurs permises : mail, portal',
    });
    expect(await fr({ code: 'a', limit: 0, items: [] })).toEqual({
      'code:minLength': 'code : doit compter au moins 2 caractères',
      'limit:min': 'limit : ne doit pas être inférieur à 1',
      'items:arrayMinSize': 'items : doit compter au moins 1 élément',
    });
    expect(await fr({ code: 'abcdef', limit: 501, items: [1, 2, 3] })).toEqual({
      'code:maxLength': 'code : ne doit pas dépasser 5 caractères',
      'limit:max': 'limit : ne doit pas être supérieur à 500',
      'items:arrayMaxSize': 'items : ne doit pas compter plus de 2 éléments',
    });
  });

  it('a rule with its own message says it in both languages; one without keeps the generic French', async () => {
    const pipe = createValidationPipe();
    const error = (await pipe.transform({ neq: '12345', plain: 'A1' }, body(Worded)).catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.violations).toEqual([
      { field: 'neq', rule: 'matches', message: { en: 'neq must be 10 digits (NEQ)', fr: 'neq : doit compter 10 chiffres (NEQ)' } },
      { field: 'plain', rule: 'matches', message: { en: 'plain must match /^[a-z]+$/ regular expression', fr: 'plain : n’a pas le format attendu' } },
    ]);
  });

  it('every rule of the gateway that states its own English also states its French', () => {
    // Loads every request class, the configuration's included.
    require('../app.module');
    require('../config/config');
    const named = new Set(['isIso8601Instant', 'isCalendarDay', 'nestedValidation']); // their French is in the table, by name
    const untranslated: string[] = [];
    let worded = 0;
    for (const [target, rules] of (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, { name?: string; type: string; propertyName: string; message?: unknown; context?: { fr?: unknown } }[]> }).validationMetadatas) {
      for (const rule of rules) {
        if (rule.message === undefined) continue;
        worded++;
        if (typeof rule.context?.fr !== 'string' && !named.has(rule.name ?? rule.type)) untranslated.push(`${target.name}.${rule.propertyName} (${rule.name ?? rule.type})`);
      }
    }
    expect(worded).toBeGreaterThan(10); // the organization's NEQ, the orders' ids, the calendar's filter, the configuration…
    expect(untranslated).toEqual([]);
  });
});
