import { createEventStore, runDecider } from '@app/event-store';
import { incidentDecider, incidentStream } from '@app/incidents';
import { orderDecider, orderStream, runPenaltyClock } from '@app/orders';
import { ALL_PROJECTIONS, incidentsProjection, liveDocs, ordersProjection, ProjectionRunner, SqliteReadModelDb } from '@app/projections';
import { amfOrderTerms, professionalOrder, vendorBreachFacts } from '@app/testing';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The operator CLI, run as the operator runs it, on a data directory of its own. */
describe('operator CLI: mistakes on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));
  const env = { ...process.env, DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` };
  const cli = (...args: string[]) => spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], { encoding: 'utf8', env });

  it('issues a token for organization ids, and refuses an --org that is not one (a typo would give a token that reaches nothing)', () => {
    const ok = cli('token', 'issue', '--role', 'auditor', '--org', '01a23143-5a40-748d-9b70-212624f1baf0');
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const typo = cli('token', 'issue', '--role', 'auditor', '--org', '01a23143-5a40-748d-9b70-212624f1baf0', '--org', 'caisse-desjardins');
    expect({ status: typo.status, stdout: typo.stdout }).toEqual({ status: 64, stdout: '' });
    expect(typo.stderr).toContain("--org: not an organization id (a UUID) nor '*'");
    expect(typo.stderr).toContain('n’est ni un identifiant d’organisation (UUID)');
    expect(typo.stderr).toContain(': caisse-desjardins');
  }, 30_000);

  it('refuses an API key for an --org that is not one, and records nothing', async () => {
    const r = cli('apikey', 'issue', '--name', 'siem', '--role', 'auditor', '--org', 'nope');
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('nope');
    const store = await createEventStore(env.EVENT_STORE_URL);
    try {
      expect(await store.headPosition()).toBe(0);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('says in both languages what is wrong with the arguments, or with a file it was given', () => {
    const option = cli('token', 'issue', '--role', 'auditor', '--ttl', '-5');
    expect(option.status).toBe(64);
    expect(option.stderr).toMatch(/^Invalid arguments \/ arguments invalides : /);
    const short = cli('token', 'issue', '--role', 'auditor', '--ttl', '5');
    expect({ status: short.status, stderr: short.stderr.trim() }).toEqual({ status: 64, stderr: '--ttl must be a whole number of seconds ≥ 60 / doit être un nombre entier de secondes ≥ 60' });
    const missing = cli('snapshot', 'verify', join(dir, 'absent.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`No such file / fichier introuvable : ${join(dir, 'absent.json')}`);
    writeFileSync(join(dir, 'notes.txt'), 'pas un instantané');
    const notJson = cli('snapshot', 'verify', join(dir, 'notes.txt'));
    expect(notJson.status).toBe(64);
    expect(notJson.stderr.trim()).toBe(`Not a JSON file / pas un fichier JSON : ${join(dir, 'notes.txt')}`);
  }, 30_000);
});

/**
 * `npm run cli -- projections rebuild`, as the operator runs it after a projection's code
 * changed or its read models were lost: every read model built again from the first event.
 */
describe('operator CLI: projections rebuild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cli-rebuild-'));
  const env = { ...process.env, DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` };
  const cli = (...args: string[]) => spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], { encoding: 'utf8', env });
  const ctx = { actor: 'user:test', correlationId: 'c' };
  const at = '2021-06-30T15:00:00.000Z';

  beforeAll(async () => {
    const store = await createEventStore(env.EVENT_STORE_URL);
    try {
      for (const id of ['i1', 'i2', 'i3']) {
        await runDecider(store, incidentStream(id), incidentDecider, { type: 'DeclareIncident', at, incidentId: id, organization: professionalOrder, facts: vendorBreachFacts({ occurred: { from: '2021-06-01T00:00:00Z', to: null, approximate: true }, awareAt: '2021-06-29T14:00:00Z' }) }, ctx);
      }
      await runDecider(store, incidentStream('i2'), incidentDecider, { type: 'RecordMitigation', at, mitigation: { measure: 'other', description: 'Mots de passe changés', takenAt: at } }, ctx);
      await runDecider(store, orderStream('o1'), orderDecider, { type: 'IssueOrder', at, orderId: 'o1', terms: amfOrderTerms({ organizationId: professionalOrder.id, findings: [], measures: [{ id: 'm1', description: 'Contrôles internes', dueOn: '2021-03-12' }] }) }, ctx);
      await runPenaltyClock(store, new Date(at)); // 13 March to 29 June 2021: 109 days owed (30 June, 11:00 in Montreal, is not over)
    } finally {
      await store.close();
    }
  }, 30_000);

  it('rebuilds every read model from the first event: the documents are the incremental fold, the order its 109 penalty days', async () => {
    const r = cli('projections', 'rebuild');
    expect(r.status).toBe(0);
    const store = await createEventStore(env.EVENT_STORE_URL);
    const db = new SqliteReadModelDb(join(dir, 'read-models.db'));
    const fresh = new SqliteReadModelDb(':memory:');
    try {
      const head = await store.headPosition();
      expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ projections: ALL_PROJECTIONS.map((p) => `${p.name}@${p.version}`), events: head });
      const incidents = await liveDocs(db, incidentsProjection, { org: professionalOrder.id });
      expect(incidents.map((i) => [i.incidentId, i.mitigations.length])).toEqual([['i1', 0], ['i2', 1], ['i3', 0]]);
      const [order] = await liveDocs(db, ordersProjection, { key: 'o1' });
      const day = { accrued: 1, reversed: 0, amount: { cents: 1_000_000, currency: 'CAD' } };
      expect([order.ledger.size, order.ledger.get('2021-03-12'), order.ledger.get('2021-03-13'), order.ledger.get('2021-06-29'), order.ledger.get('2021-06-30')]).toEqual([109, undefined, day, day, undefined]);
      const incremental = new ProjectionRunner(store, fresh, ALL_PROJECTIONS, { batchSize: 1 });
      await incremental.register();
      for (const p of ALL_PROJECTIONS) await incremental.catchUp(p);
      const all = (x: SqliteReadModelDb) => x.all<{ projection: string; key: string; doc: string; summary: string | null }>('SELECT projection, key, doc, summary FROM read_model_docs ORDER BY projection, key');
      expect(await all(db)).toEqual(await all(fresh));
      expect((await all(db)).map((d) => [d.projection, d.key])).toEqual([['incidents', 'i1'], ['incidents', 'i2'], ['incidents', 'i3'], ['orders', 'o1']]);
    } finally {
      await fresh.close();
      await db.close();
      await store.close();
    }
  }, 60_000);

  it('rebuilds one projection by name, and refuses a name that is none, in both languages', () => {
    const one = cli('projections', 'rebuild', 'orders');
    expect(one.status).toBe(0);
    expect(JSON.parse(one.stdout.trim().split('\n').pop()!)).toMatchObject({ projections: [`orders@${ordersProjection.version}`] });
    const typo = cli('projections', 'rebuild', 'order');
    expect(typo.status).toBe(64);
    expect(typo.stderr).toContain('No projection "order" / aucune projection « order »');
  }, 60_000);
});
