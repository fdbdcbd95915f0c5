import { isCalendarDay, isIsoInstant } from '@app/kernel';
import { registerDecorator, ValidationOptions } from 'class-validator';

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
