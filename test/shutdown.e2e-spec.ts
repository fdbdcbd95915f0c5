import { issueToken, loadOrCreateKey } from '@app/auth';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { incidentRequest } from './support/requests';
import { exited, freePort, startServer } from './support/server';

/**
 * A deploy stops the gateway with SIGTERM while clients are writing. The real server (a child
 * process, `npm start`'s entry point, on the embedded store) is driven by sixteen keep-alive
 * clients, REST and GraphQL (one in four), and sent SIGTERM. It exits 0; no answer is a 5xx
 * (nor Fastify's own 503, nor a GraphQL server already stopped); after a restart the log
 * holds every incident it acknowledged and no other: a client whose request found no server
 * (connection refused, or an idle connection closed) can send it again. With a drain, it
 * serves in full meanwhile, every answer closing its connection, and `/health` answers 503.
 */
const DECLARE = 'mutation Declare($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }';
const CLIENTS = 16;

interface Outcome {
  at: number;
  status: number;
  connection: string | null;
  id?: string;
}

async function stopUnderLoad(drainMs: number, whileStopping: (base: string) => Promise<void> = async () => undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-stop-'));
  const env = { DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${join(dir, 'vigie.db')}`, PENALTY_CLOCK_ENABLED: 'false', REMINDERS_ENABLED: 'false', OUTBOX_ENABLED: 'false' };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const key = await loadOrCreateKey(dir, 'auth');
  const token = await issueToken(key, { issuer: 'vigie-dev', audience: 'vigie' }, { sub: 'stop:driver', role: 'admin', orgs: '*' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let server: ChildProcess = await startServer(port, { ...env, SHUTDOWN_DRAIN_MS: String(drainMs) });
  try {
    const org = (await (
      await fetch(`${base}/api/v1/organizations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Assureur', sectors: ['insurer'], jurisdictions: ['QC'], privacyOfficer: { name: 'p', email: 'p@x.ca' } }),
      })
    ).json()) as { id: string };

    const outcomes: Outcome[] = [];
    let refused = 0;
    const loop = async (w: number) => {
      for (let i = 0; ; i++) {
        const graphql = w % 4 === 0;
        const body = incidentRequest(org.id, { title: `w${w} i${i}` });
        let r: Response;
        try {
          r = await fetch(graphql ? `${base}/graphql` : `${base}/api/v1/incidents`, { method: 'POST', headers, body: JSON.stringify(graphql ? { query: DECLARE, variables: { input: body } } : body) });
        } catch {
          refused++;
          return; // no server to answer: the client would send it again to another gateway
        }
        const json = (await r.json()) as { id?: string; data?: { declareIncident?: { id: string } } };
        outcomes.push({ at: Date.now(), status: r.status, connection: r.headers.get('connection'), id: graphql ? json.data?.declareIncident?.id : json.id });
      }
    };
    const driving = Array.from({ length: CLIENTS }, (_, w) => loop(w));
    await new Promise((r) => setTimeout(r, 700));

    const signalled = Date.now();
    const ended = exited(server);
    server.kill('SIGTERM');
    await whileStopping(base);
    const end = await ended;
    const stoppedIn = Date.now() - signalled;
    await Promise.all(driving);

    // After a restart: the incidents the log holds are exactly those acknowledged.
    server = await startServer(port, env);
    const log = (await (await fetch(`${base}/api/v1/audit/events?limit=5000&types=IncidentDeclared`, { headers })).json()) as { events: { streamId: string }[] };
    const statuses = outcomes.reduce<Record<number, number>>((m, o) => ({ ...m, [o.status]: (m[o.status] ?? 0) + 1 }), {});
    return { end, stoppedIn, outcomes, statuses, refused, stored: log.events.map((e) => e.streamId).sort() };
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited(server);
    }
  }
}

function expectCleanStop(r: Awaited<ReturnType<typeof stopUnderLoad>>) {
  expect(r.end).toEqual({ code: 0, signal: null });
  // Every answer a success: REST 201, GraphQL 200 with its id.
  expect(Object.keys(r.statuses).sort()).toEqual(['200', '201']);
  const acknowledged = r.outcomes.map((o) => o.id);
  expect(acknowledged.filter((id) => !id)).toEqual([]);
  expect(r.stored).toEqual(acknowledged.map((id) => `incident-${id}`).sort());
  expect(r.refused).toBe(CLIENTS); // each client, in the end, found no server
}

describe('stopping on SIGTERM under load', () => {
  it('with a drain of 1.5 s: full service meanwhile, each answer closing its connection, /health 503; then exits 0; every acknowledged write stored and no other; no 5xx', async () => {
    let healthSeen = 0;
    let health: { status: number; body: { error?: { lifecycle?: unknown } } } | undefined;
    const r = await stopUnderLoad(1500, async (base) => {
      await new Promise((res) => setTimeout(res, 300));
      const h = await fetch(`${base}/health`);
      healthSeen = Date.now();
      health = { status: h.status, body: (await h.json()) as { error?: { lifecycle?: unknown } } };
    });
    expect(health?.status).toBe(503);
    expect(health?.body.error?.lifecycle).toMatchObject({ status: 'down', state: 'stopping', message: { en: expect.stringMatching(/stopping/), fr: expect.stringMatching(/s’arrête/) } });
    expect(r.stoppedIn).toBeGreaterThanOrEqual(1500);
    const drained = r.outcomes.filter((o) => o.at > healthSeen);
    expect(drained.length).toBeGreaterThan(0);
    expect(drained.filter((o) => o.connection !== 'close')).toEqual([]);
    expectCleanStop(r);
  }, 60_000);

  it('with no drain (the default): stops at once, exits 0; every acknowledged write stored and no other; no 5xx', async () => {
    const r = await stopUnderLoad(0);
    expect(r.stoppedIn).toBeLessThan(5000);
    expectCleanStop(r);
  }, 60_000);
});
