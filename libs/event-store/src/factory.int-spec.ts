import { freshPostgresSchema, TEST_POSTGRES_URL } from '@app/testing';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { InvalidArgumentError } from './errors';
import { createEventStore } from './factory';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

const ROOT = resolve(__dirname, '../../..');

describe('createEventStore', () => {
  it('opens the embedded store for a sqlite: URL', async () => {
    const store = await createEventStore('sqlite::memory:');
    expect(store).toBeInstanceOf(SqliteEventStore);
    await store.close();
  });

  it('gives the EventStoreDB adapter for an esdb:// URL (no connection is made before the first call)', async () => {
    const store = await createEventStore('esdb://127.0.0.1:2113?tls=false');
    expect(store).toBeInstanceOf(EsdbEventStore);
    await store.close();
  });

  it('refuses another scheme, naming the setting and the rule', async () => {
    await expect(createEventStore('mysql://x')).rejects.toMatchObject({ field: 'EVENT_STORE_URL', rule: 'scheme' });
    await expect(createEventStore('mysql://x')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  // Skipped when TEST_POSTGRES_URL names no server (CI sets it: .ci/run).
  (TEST_POSTGRES_URL ? it : it.skip)('gives the PostgreSQL adapter for a postgres:// URL', async () => {
    const { url, drop } = await freshPostgresSchema();
    try {
      const store = await createEventStore(url);
      expect(store).toBeInstanceOf(PostgresEventStore);
      await store.close();
    } finally {
      await drop();
    }
  });

  it('loads neither client library when the store is the embedded one', () => {
    // A process of its own: this test's own imports above have loaded both.
    const loaded = execFileSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-e',
        `const { createEventStore } = require('./libs/event-store/src');
         createEventStore('sqlite::memory:').then(async (s) => {
           await s.close();
           const files = Object.keys(require.cache);
           console.log(JSON.stringify(['pg', '@eventstore/db-client'].filter((m) => files.some((f) => f.includes('/node_modules/' + m + '/')))));
         });`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(JSON.parse(loaded.trim())).toEqual([]);
  });
});
