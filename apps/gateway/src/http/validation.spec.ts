import { DomainError } from '@app/kernel';
import { ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage, IsInt, IsString, Max, MaxLength } from 'class-validator';
import { createValidationPipe, memoizeValidationMetadata } from './validation';

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
});
