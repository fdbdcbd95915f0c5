import { isCalendarDay, isIsoInstant } from '@app/kernel';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, registerDecorator, ValidateNested, ValidationOptions } from 'class-validator';

/** An ISO 8601 date-time with an explicit offset (no floating local times in a compliance record). */
export function IsIso8601Instant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIso8601Instant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO 8601 date-time with a time zone offset, e.g. 2020-06-18T10:00:00-04:00', ...options },
      validator: { validate: isIsoInstant },
    });
}

/** A calendar day, YYYY-MM-DD, that exists. */
export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDay',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a calendar day YYYY-MM-DD', ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isCalendarDay(v) },
    });
}

/**
 * A nested object, valid by its own class's rules: never absent (unless `@IsOptional()`
 * comes first), never null, an array or a scalar. class-validator's `@ValidateNested()`
 * alone lets an absent value through, and validates an array's elements instead of
 * refusing the array: both would reach the domain as a broken fact.
 */
export function NestedObject(type: () => Function): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type));
}

/** A list of nested objects, each valid by its class's rules (the list's own rules, `@IsArray()` and sizes, stay beside it). */
export function NestedObjects(type: () => Function): PropertyDecorator {
  return applyDecorators(IsObject({ each: true }), ValidateNested({ each: true }), Type(type));
}
