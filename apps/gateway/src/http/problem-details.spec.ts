import { InvalidArgumentError, StoreClosedError } from '@app/event-store';
import { toProblem, unreachable } from './problem-details.filter';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('problems: a database that cannot be reached is a 503 to retry, never a 500', () => {
  it.each([
    ['PostgreSQL refusing connections', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['PostgreSQL shutting down (57P01 admin_shutdown)', withCode('terminating connection due to administrator command', '57P01')],
    ['PostgreSQL starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection failure (class 08)', withCode('connection failure', '08006')],
    ['a dropped connection (node-postgres, no code)', new Error('Connection terminated unexpectedly')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['SQLite locked past its timeout', withCode('database is locked', 'SQLITE_BUSY')],
    ['EventStoreDB without a leader', Object.assign(new Error('Not leader'), { type: 'not-leader' })],
    ['EventStoreDB unreachable', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { type: 'unavailable' })],
  ])('%s', (_label, error) => {
    expect(unreachable(error)).toBe(true);
    expect(toProblem(error)).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE', detail: { en: expect.stringContaining('try again'), fr: expect.stringContaining('réessayez') } });
  });

  it('a programming error stays a 500 (and is logged), a closed store says the service is stopping', () => {
    expect(unreachable(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(unreachable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(toProblem(new TypeError('x'))).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(toProblem(new StoreClosedError())).toMatchObject({ status: 503, code: 'STORE_CLOSED', detail: { fr: 'Le magasin d’événements est fermé : le service s’arrête' } });
  });
});

describe('problems: a request that passed validation but would record more than one write may hold', () => {
  it('is a 413 that says what to do, in both languages, without naming the store’s internals', () => {
    for (const error of [new InvalidArgumentError('events[0].data', 'maxBytes', 'must be at most 1048576 bytes as JSON'), new InvalidArgumentError('events', 'maxCount', 'at most 5000 events per append')]) {
      const p = toProblem(error);
      expect(p).toMatchObject({ status: 413, code: 'RECORD_TOO_LARGE', violations: [] });
      expect(p.detail.en).toMatch(/smaller parts.*Nothing was written/);
      expect(p.detail.fr).toMatch(/plus petites parties.*Rien n’a été écrit/);
      expect(`${p.detail.en} ${p.detail.fr}`).not.toContain('events[');
    }
    expect(toProblem(new InvalidArgumentError('stream', 'maxLength', 'must be at most 256 characters'))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('problems: a store that is reached but cannot write is a 503 that says why, with a retry in a minute', () => {
  it.each([
    ['SQLite: disk full', withCode('database or disk is full', 'SQLITE_FULL'), 'STORE_FULL'],
    ['PostgreSQL: disk full (53100)', withCode('could not extend file "base/16384/16385": No space left on device', '53100'), 'STORE_FULL'],
    ['SQLite: read-only database', withCode('attempt to write a readonly database', 'SQLITE_READONLY'), 'STORE_READ_ONLY'],
    ['SQLite: a file system remounted read-only', withCode('attempt to write a readonly database', 'SQLITE_READONLY_DBMOVED'), 'STORE_READ_ONLY'],
    ['PostgreSQL: a standby after a failover (25006)', withCode('cannot execute INSERT in a read-only transaction', '25006'), 'STORE_READ_ONLY'],
  ])('%s', (_label, error, code) => {
    expect(toProblem(error)).toMatchObject({ status: 503, code, retryAfterSeconds: 60, detail: { en: expect.stringContaining('nothing was written'), fr: expect.stringContaining('rien n’a été écrit') } });
  });

  it('other database errors are not taken for it', () => {
    expect(toProblem(withCode('UNIQUE constraint failed: events.event_id', 'SQLITE_CONSTRAINT_UNIQUE'))).toMatchObject({ status: 500 });
    expect(toProblem(withCode('duplicate key value violates unique constraint', '23505'))).toMatchObject({ status: 500 });
  });
});
