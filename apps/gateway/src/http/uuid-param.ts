import { DomainError, isUuid } from '@app/kernel';
import { Param, PipeTransform } from '@nestjs/common';

class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    if (!isUuid(value)) {
      throw DomainError.validation([{ field: this.name, rule: 'isUuid', message: { en: `${this.name} must be a UUID`, fr: `${this.name} doit être un UUID` } }]);
    }
    return value.toLowerCase();
  }
}

/** A path parameter that must be a UUID (400 naming the parameter otherwise). */
export const UuidParam = (name: string) => Param(name, new UuidPipe(name));
