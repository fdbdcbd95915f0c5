import { runInNewContext } from 'node:vm';
import { locatedError } from 'graphql';
import { formatError } from './graphql.config';

/** A resolver's throw as GraphQL's executor reports it: located at the field, wrapped when it is not an Error of this realm. */
function asExecuted(value: unknown) {
  const error = locatedError(value, undefined, ['declareIncident']);
  return formatError({ message: error.message, path: error.path }, error);
}

describe('GraphQL errors map as REST problems map them', () => {
  it('a thrown value that is not an Error (a driver’s error object): mapped by its code, not an internal error', () => {
    const f = asExecuted({ code: 'SQLITE_FULL', message: 'database or disk is full' });
    expect(f.extensions).toMatchObject({ code: 'STORE_FULL', status: 503 });
    expect((f.extensions?.i18n as { fr: string }).fr).toMatch(/disque.*plein/);
    expect(f.message).toMatch(/disk is full/);
    expect(f.path).toEqual(['declareIncident']);
  });

  it('an Error made in another realm (a VM context, a native module initialised by another): mapped by its code', () => {
    const foreign = runInNewContext('Object.assign(new Error("cannot execute INSERT in a read-only transaction"), { code: "25006" })');
    expect(foreign instanceof Error).toBe(false);
    expect(asExecuted(foreign).extensions).toMatchObject({ code: 'STORE_READ_ONLY', status: 503 });
  });

  it('an Error of this realm maps directly; a value that says nothing stays an internal error', () => {
    expect(asExecuted(Object.assign(new Error('disk'), { code: '53100' })).extensions).toMatchObject({ code: 'STORE_FULL', status: 503 });
    expect(asExecuted('boom').extensions).toMatchObject({ code: 'INTERNAL_ERROR', status: 500 });
  });
});
