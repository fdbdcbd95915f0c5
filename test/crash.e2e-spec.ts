import { issueToken, loadOrCreateKey } from '@app/auth';
import { createEventStore, EventStore, RecordedEvent } from '@app/event-store';
import { ALL_PROJECTIONS, openReadModelDb, ProjectionRunner, ReadModelDb, SqliteReadModelDb } from '@app/projections';
import { freshPostgresSchema, TEST_POSTGRES_URL } from '@app/testing';
import { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePort, startServer } from './support/server';

/**
 * Crash suite: the real server (a child process, on the embedded store or PostgreSQL) is
 * killed with SIGKILL at random moments while this process drives commands at it, and
 * restarted. After each restart: every acknowledged command's events are present, the
 * read models equal a rebuild from scratch, and no penalty day was accrued twice. At the
 * end, the outbox has delivered exactly what it owed.
 * Rounds: 5 by default (CI), 20 with CRASH_ROUNDS=20.
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 5);

interface Ack {
  stream: string;
  revision: number;
}

async function receiver() {
  const ids: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      ids.push(String(req.headers['webhook-id']));
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, ids, close: () => new Promise((r) => server.close(r)) };
}

/** The log as it stood at `position`: what a projection checkpointed there had read. */
function upTo(store: EventStore, position: number): EventStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'readAll') {
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return async (options: Parameters<EventStore['readAll']>[0]) => {
        const page = await target.readAll(options);
        const events = page.events.filter((e) => e.position <= position);
        const cut = events.length < page.events.length;
        return { events, nextAfter: events.length ? events[events.length - 1].position : (options?.after ?? 0), isEnd: page.isEnd || cut };
      };
    },
  });
}

function crashSuite(name: string, setup: () => Promise<{ env: Record<string, string>; storeUrl: string; readModels: () => Promise<ReadModelDb>; cleanup?: () => Promise<void> }>) {
  describe(`crash suite on ${name} (${ROUNDS} SIGKILLs)`, () => {
    it('survives SIGKILL at random moments with nothing acknowledged lost, read models consistent, no day accrued twice, deliveries complete', async () => {
      const { env, storeUrl, readModels, cleanup } = await setup();
      const dataDir = env.DATA_DIR;
      // The receiver first: a port just freed by freePort() could otherwise be handed to it, and the harness would talk to the receiver.
      const hook = await receiver();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const key = await loadOrCreateKey(dataDir, 'auth');
      const token = await issueToken(key, { issuer: 'vigie-dev', audience: 'vigie' }, { sub: 'crash:driver', role: 'admin', orgs: '*' });
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const acks: Ack[] = [];
      const incidents: string[] = [];
      let orgId = '';
      let server: ChildProcess | null = null;

      const start = async () => {
        server = await startServer(port, { ...env, PENALTY_CLOCK_ENABLED: 'false', WEBHOOK_RETRY_BASE_MS: '100' });
      };
      const kill = async () => {
        const s = server!;
        s.kill('SIGKILL');
        await exited(s);
      };
      const post = async (path: string, body: object): Promise<{ status: number; body: { id: string; revision: number } }> => {
        const r = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
        return { status: r.status, body: (await r.json().catch(() => ({}))) as { id: string; revision: number } };
      };

      const store: EventStore = await createEventStore(storeUrl);
      try {
        await start();
        orgId = (await post('/api/v1/organizations', { name: 'Assureur', sectors: ['insurer'], jurisdictions: ['QC'], privacyOfficer: { name: 'p', email: 'p@x.ca' } })).body.id;
        await post('/api/v1/webhooks', { url: hook.url, kinds: ['law25-register'], schedule: 'on_demand' });

        for (let round = 1; round <= ROUNDS; round++) {
          // Drive commands from four loops until the kill, at a random moment.
          let killed = false;
          const loop = async (w: number) => {
            for (let i = 0; !killed; i++) {
              try {
                const pick = (w + i) % 5;
                if (pick === 0 || incidents.length === 0) {
                  const r = await post('/api/v1/incidents', {
                    organizationId: orgId, kind: 'confidentiality', title: `r${round} w${w} i${i}`, description: 'd', origin: { type: 'unknown' },
                    occurred: { from: '2026-01-02T08:00:00-05:00', approximate: false }, awareAt: '2026-01-02T10:00:00-05:00',
                    personalInformation: { categories: ['name'] }, persons: { count: 1, approximate: false }, systems: { affected: [], servicesDown: false },
                  });
                  if (r.status === 201) {
                    incidents.push(r.body.id);
                    acks.push({ stream: `incident-${r.body.id}`, revision: r.body.revision });
                  }
                } else if (pick === 1) {
                  const r = await post('/api/v1/orders', {
                    regulator: 'AMF', reference: `o${round}-${w}-${i}`, legalBasis: 'C-67.3, s. 567', organizationId: orgId, issuedAt: '2025-01-10T10:00:00-05:00',
                    findings: [], measures: [{ id: 'm', description: 'x', dueOn: '2025-06-30' }], reportingDuties: [], penalty: { amountPerDayCents: 1_000_000, currency: 'CAD' },
                  });
                  if (r.status === 201) acks.push({ stream: `order-${r.body.id}`, revision: r.body.revision });
                } else if (pick === 2) {
                  await post('/api/v1/penalty-clock/runs', {});
                } else if (pick === 3) {
                  await post('/api/v1/snapshots', { organizationId: orgId, kind: 'law25-register' });
                } else {
                  const id = incidents[(w * 7 + i) % incidents.length];
                  const r = await post(`/api/v1/incidents/${id}/mitigations`, { measure: 'other', description: `m${round}-${w}-${i}`, takenAt: '2026-01-03T10:00:00-05:00' });
                  if (r.status === 201) acks.push({ stream: `incident-${id}`, revision: r.body.revision });
                }
              } catch {
                return; // the server died under us: that request was not acknowledged
              }
            }
          };
          const driving = [0, 1, 2, 3].map(loop);
          await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
          await kill();
          killed = true;
          await Promise.all(driving);
          await start();

          // 1. Every acknowledged command's events are there.
          for (const a of acks) {
            const events = await store.readStream(a.stream, { fromRevision: a.revision, maxCount: 1 });
            expect([a.stream, events.length]).toEqual([a.stream, 1]);
          }
          // 2. Read models = a rebuild from scratch, at the same cut: the server keeps writing after
          // its restart (the outbox retries what the kill interrupted), so each live projection is
          // read with its checkpoint in one statement, and rebuilt from the log up to that checkpoint.
          const head = await store.headPosition();
          expect((await fetch(`${base}/api/v1/incidents?minPosition=${head}&limit=1`, { headers })).status).toBe(200);
          const live = await readModels();
          const rows = await live.all<{ projection: string; position: number | string; key: string | null; doc: string | null }>(
            "SELECT s.name AS projection, s.position, d.key, d.doc FROM projection_state s LEFT JOIN read_model_docs d ON d.projection = s.name AND d.version = s.version WHERE s.status = 'live' ORDER BY s.name, d.key",
          );
          await live.close();
          const cut = new Map(rows.map((r) => [r.projection, Number(r.position)]));
          expect([...cut.keys()].sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
          expect(Math.min(...cut.values())).toBeGreaterThanOrEqual(head);
          const fresh = new SqliteReadModelDb(':memory:');
          for (const p of ALL_PROJECTIONS) await new ProjectionRunner(upTo(store, cut.get(p.name)!), fresh, [p]).rebuildAll([p]);
          const rebuilt = await fresh.all<{ projection: string; key: string; doc: string }>(
            "SELECT d.projection, d.key, d.doc FROM read_model_docs d JOIN projection_state s ON s.name = d.projection AND s.version = d.version AND s.status = 'live' ORDER BY d.projection, d.key",
          );
          await fresh.close();
          const docs = (rs: { projection: string; key: string | null; doc: string | null }[]) => rs.filter((r) => r.key !== null).map((r) => [r.projection, r.key, JSON.parse(r.doc!)]);
          expect(docs(rows)).toEqual(docs(rebuilt));
          // 3. No penalty day accrued twice (net of reversals).
          const net = new Map<string, number>();
          let after = 0;
          for (;;) {
            const page = await store.readAll({ after, eventTypes: ['DailyPenaltyAccrued', 'PenaltyAccrualReversed'], maxCount: 5000 });
            for (const e of page.events as RecordedEvent<{ day: string }>[]) {
              const k = `${e.streamId}/${e.data.day}`;
              net.set(k, (net.get(k) ?? 0) + (e.type === 'DailyPenaltyAccrued' ? 1 : -1));
            }
            after = page.nextAfter;
            if (page.isEnd) break;
          }
          expect([...net.values()].filter((n) => n !== 0 && n !== 1)).toEqual([]);
        }

        // 4. The outbox delivers exactly what it owes: every scheduled delivery succeeds, each message id at least once.
        let owed: string[] = [];
        for (let i = 0; i < 100; i++) {
          await post('/api/v1/webhooks/runs', {});
          const scheduled = (await store.readAll({ eventTypes: ['DeliveryScheduled'], maxCount: 10_000 })).events.map((e) => String(e.data.messageId));
          const done = new Set((await store.readAll({ eventTypes: ['DeliverySucceeded'], maxCount: 10_000 })).events.map((e) => String(e.data.messageId)));
          owed = scheduled.filter((m) => !done.has(m));
          if (owed.length === 0) {
            expect(scheduled.length).toBeGreaterThan(0); // snapshots were published, so deliveries were owed
            expect(new Set(hook.ids)).toEqual(new Set(scheduled));
            break;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(owed).toEqual([]);
        expect(acks.length).toBeGreaterThan(ROUNDS);
      } finally {
        if (server) await kill().catch(() => undefined);
        await store.close();
        await hook.close();
        await cleanup?.();
      }
    }, 120_000 + ROUNDS * 20_000);
  });
}

crashSuite('the embedded store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-crash-'));
  return { env: { DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}` }, storeUrl: `sqlite:${join(dir, 'vigie.db')}`, readModels: () => openReadModelDb(undefined, dir) };
});

// Needs a PostgreSQL server (TEST_POSTGRES_URL, set by .ci/run); skipped without one.
(TEST_POSTGRES_URL ? describe : describe.skip)('with PostgreSQL', () => {
  crashSuite('PostgreSQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-crash-pg-'));
    const { url, drop } = await freshPostgresSchema();
    return { env: { DATA_DIR: dir, EVENT_STORE_URL: url, READ_MODEL_URL: url }, storeUrl: url, readModels: () => openReadModelDb(url, dir), cleanup: drop };
  });
});
