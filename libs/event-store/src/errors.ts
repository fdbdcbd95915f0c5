import type { ExpectedRevision } from './types';

/** Errors of the event store port; every adapter maps its native errors to these. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Wrong expected revision on stream "${stream}": expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** A retry that overlaps a stored append only in part, or reuses ids in another order or stream. */
export class IdempotencyConflictError extends EventStoreError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(
    readonly stream: string,
    readonly eventIds: string[],
    reason: string,
  ) {
    super(`Append to "${stream}" overlaps events already stored (${eventIds.join(', ')}): ${reason}`);
    this.name = 'IdempotencyConflictError';
  }
}

export class InvalidArgumentError extends EventStoreError {
  readonly code = 'INVALID_ARGUMENT';
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidArgumentError';
  }
}

export class NotAVigieStoreError extends EventStoreError {
  readonly code = 'NOT_A_VIGIE_STORE';
  constructor(location: string, reason: string) {
    super(`${location} is not a Vigie event store (${reason}); refusing to open it`);
    this.name = 'NotAVigieStoreError';
  }
}

export class StoreClosedError extends EventStoreError {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('The event store is closed');
    this.name = 'StoreClosedError';
  }
}
