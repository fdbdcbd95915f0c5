import { EVENT_STORE, EventStore } from '@app/event-store';
import { PROJECTION_RUNNER, ProjectionRunner } from '@app/projections';
import { loadOrCreateKey } from '@app/auth';
import { signSnapshot, SnapshotFile, SOFTWARE_VERSION, verifySnapshot } from '@app/snapshots';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerOrganization, startTestApp, TestApp } from './support/app';
import { incidentRequest } from './support/requests';

const incident = (organizationId: string, title = 'Fuite de courriels') => incidentRequest(organizationId, {
  title,
  description: 'd',
  personalInformation: { categories: ['email'] },
  persons: { count: 120, approximate: true, inQuebec: 100 },
  systems: { affected: ['email'], servicesDown: false },
});

describe('regulator snapshots: canonical JSON, SHA-256, Ed25519 JWS, offline verification and replay', () => {
  let t: TestApp;
  let orgId: string;
  beforeEach(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false' });
    orgId = await registerOrganization(t, { name: 'Assureur', sectors: ['insurer'], jurisdictions: ['QC'] });
    await t.api.post('/api/v1/incidents').send(incident(orgId)).expect(201);
  });
  afterEach(() => t.close());

  it('a regulator asks for the register, gets a signed snapshot, and anyone can check it with the published keys', async () => {
    const amf = await t.token({ role: 'regulator', regulator: 'AMF' });
    const published = (await t.api.post('/api/v1/snapshots').set('Authorization', `Bearer ${amf}`).send({ organizationId: orgId, kind: 'law25-register' }).expect(201)).body as SnapshotFile & { position: number };
    expect(published.document).toMatchObject({ kind: 'law25-register', organizationId: orgId, position: 2, software: { name: 'vigie' }, rulePacks: expect.arrayContaining([{ id: 'qc-p39.1', version: '1.1.0' }]) });
    expect(published.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const jwks = (await t.api.get('/.well-known/jwks.json').set('Authorization', '').expect(200)).body;
    expect(jwks.keys.map((k: { kid: string }) => k.kid.split('-')[0]).sort()).toEqual(['auth', 'snapshots']);
    const pulled = (await t.api.get(`/api/v1/snapshots/${published.document.snapshotId}`).set('Authorization', `Bearer ${amf}`).expect(200)).body as SnapshotFile;
    expect(await verifySnapshot(pulled, jwks)).toMatchObject({ ok: true, signature: 'valid', digest: 'matches', payloadMatchesDocument: true });
    const list = (await t.api.get('/api/v1/snapshots').set('Authorization', `Bearer ${amf}`).expect(200)).body;
    expect(list.items).toEqual([expect.objectContaining({ snapshotId: published.document.snapshotId, digest: published.digest })]);
    const cai = await t.token({ role: 'regulator', regulator: 'OSFI' });
    await t.api.get(`/api/v1/snapshots/${published.document.snapshotId}`).set('Authorization', `Bearer ${cai}`).expect(403);
  });

  it('lists snapshots newest first, a page at a time, each caller within its scope', async () => {
    const other = await registerOrganization(t, { name: 'Ordre professionnel' });
    const published: string[] = [];
    for (const [org, kind] of [[orgId, 'law25-register'], [other, 'compliance-status'], [orgId, 'compliance-status']]) {
      published.push((await t.api.post('/api/v1/snapshots').send({ organizationId: org, kind }).expect(201)).body.document.snapshotId);
      t.clock.advance(60_000);
    }
    type Listed = { items: { snapshotId: string; organizationId: string; kind: string; generatedAt: string }[]; nextCursor: string | null };
    const first = (await t.api.get('/api/v1/snapshots?limit=2').expect(200)).body as Listed;
    const second = (await t.api.get(`/api/v1/snapshots?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`).expect(200)).body as Listed;
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((x) => x.snapshotId)).toEqual([...published].reverse());
    const ofOne = (await t.api.get(`/api/v1/snapshots?organizationId=${orgId}`).expect(200)).body as Listed;
    expect(ofOne.items.map((x) => [x.snapshotId, x.kind])).toEqual([[published[2], 'compliance-status'], [published[0], 'law25-register']]);
    // The AMF sees the insurer's, not the professional order's (not under its jurisdiction).
    const amf = await t.token({ role: 'regulator', regulator: 'AMF' });
    expect(((await t.api.get('/api/v1/snapshots').set('Authorization', `Bearer ${amf}`).expect(200)).body as Listed).items.map((x) => x.organizationId)).toEqual([orgId, orgId]);
    await t.api.get(`/api/v1/snapshots?organizationId=${other}`).set('Authorization', `Bearer ${amf}`).expect(403);
    expect((await t.api.get('/api/v1/snapshots?limit=0').expect(400)).body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
  });

  it('a snapshot, and an auditor’s register as of now, hold every incident recorded before them, even while the read models trail the log', async () => {
    const slow = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', REMINDERS_ENABLED: 'false', OUTBOX_ENABLED: 'false', PROJECTION_GATHER_MS: '1000' }); // a batch a second at most
    try {
      const org = await registerOrganization(slow);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await slow.api.post('/api/v1/incidents').send(incident(org, `Incident ${i}`)).expect(201)).body.id);
      const store = slow.app.get(EVENT_STORE) as EventStore;
      // The read models trail (without hurrying them: a timeout of 0): the incidents are found through them.
      expect(await (slow.app.get(PROJECTION_RUNNER) as ProjectionRunner).waitFor(await store.headPosition(), 0)).toBe(false);
      const published = (await slow.api.post('/api/v1/snapshots').send({ organizationId: org, kind: 'law25-register' }).expect(201)).body as SnapshotFile;
      expect((published.document.data as { entries: { incidentId: string }[] }).entries.map((e) => e.incidentId).sort()).toEqual([...ids].sort());
      const head = await store.headPosition();
      const audit = (await slow.api.get(`/api/v1/audit/organizations/${org}/register?basis=position&at=${head}`).expect(200)).body as { entries: unknown[] };
      expect(audit.entries).toHaveLength(3);
    } finally {
      await slow.close();
    }
  });

  it('a register larger than one event can hold is published in parts, pulled back exactly as signed, and verifies', async () => {
    // 150 incidents with 10,000 characters each that gzip cannot shrink much: about 1.5 MB of register.
    for (let i = 0; i < 150; i++) {
      await t.api.post('/api/v1/incidents').send({ ...incident(orgId, `Incident ${i}`), description: randomBytes(7_500).toString('base64') }).expect(201);
    }
    const published = (await t.api.post('/api/v1/snapshots').send({ organizationId: orgId, kind: 'law25-register' }).expect(201)).body as SnapshotFile;
    expect((published.document.data as { entries: unknown[] }).entries).toHaveLength(151);
    const stored = await (t.app.get(EVENT_STORE) as EventStore).readStream(`snapshot-${published.document.snapshotId}`);
    expect(stored.map((e) => e.type)).toEqual(['SnapshotPublished', ...Array(stored.length - 1).fill('SnapshotContent')]);
    expect(stored.length).toBeGreaterThan(2); // the document took several parts
    expect(stored[0].data).toMatchObject({ digest: published.digest, content: { parts: stored.length - 1 } });
    expect(stored[0].data).not.toHaveProperty('file');
    const pulled = (await t.api.get(`/api/v1/snapshots/${published.document.snapshotId}`).expect(200)).body as SnapshotFile;
    expect(pulled).toEqual({ document: published.document, digest: published.digest, jws: published.jws });
    const jwks = (await t.api.get('/.well-known/jwks.json').expect(200)).body;
    expect(await verifySnapshot(pulled, jwks)).toMatchObject({ ok: true });
    expect((await t.api.get('/api/v1/snapshots').expect(200)).body.items).toEqual([expect.objectContaining({ snapshotId: published.document.snapshotId, digest: published.digest, position: published.document.position })]);
  }, 60_000);

  it('a snapshot recorded whole, as before parts existed, is still listed and pulled as it was signed', async () => {
    const file = (await t.api.post('/api/v1/snapshots').send({ organizationId: orgId, kind: 'compliance-status' }).expect(201)).body as SnapshotFile;
    const oldId = randomUUID();
    const old = { ...file, document: { ...file.document, snapshotId: oldId } }; // its signature no longer matches: only storage is under test
    const metadata = { actor: 'test', correlationId: randomUUID(), occurredAt: file.document.generatedAt };
    await (t.app.get(EVENT_STORE) as EventStore).append(`snapshot-${oldId}`, [{ id: randomUUID(), type: 'SnapshotPublished', data: { snapshotId: oldId, organizationId: orgId, kind: 'compliance-status', requestedBy: 'test', file: old }, metadata }], 'no_stream');
    expect((await t.api.get(`/api/v1/snapshots/${oldId}`).expect(200)).body).toEqual(old);
    const listed = (await t.api.get('/api/v1/snapshots').expect(200)).body.items;
    expect(listed).toContainEqual(expect.objectContaining({ snapshotId: oldId, digest: file.digest, position: file.document.position }));
  });

  it('a changed byte in the document fails verification', async () => {
    const file = (await t.api.post('/api/v1/snapshots').send({ organizationId: orgId, kind: 'compliance-status' }).expect(201)).body as SnapshotFile;
    const jwks = (await t.api.get('/.well-known/jwks.json').expect(200)).body;
    const altered = { ...file, document: { ...file.document, data: { ...(file.document.data as object), status: 'compliant' } } };
    expect(await verifySnapshot(altered, jwks)).toMatchObject({ ok: false, digest: 'mismatch', payloadMatchesDocument: false });
    // A character in the middle of the signature (the last one may only hold padding bits).
    const [h, p, sig] = file.jws.split('.');
    const flipped = `${sig.slice(0, 20)}${sig[20] === 'A' ? 'B' : 'A'}${sig.slice(21)}`;
    expect(await verifySnapshot({ ...file, jws: `${h}.${p}.${flipped}` }, jwks)).toMatchObject({ ok: false, signature: 'invalid' });
  });

  it('npm run cli -- snapshot verify --replay rebuilds the state at the snapshot’s position, even after later events', async () => {
    const file = (await t.api.post('/api/v1/snapshots').send({ organizationId: orgId, kind: 'law25-register' }).expect(201)).body as SnapshotFile;
    await t.api.post('/api/v1/incidents').send(incident(orgId, 'Un autre incident, plus tard')).expect(201);
    const jwks = (await t.api.get('/.well-known/jwks.json').expect(200)).body;
    const dir = t.config.DATA_DIR;
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(file));
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'snapshot', 'verify', join(dir, 'snapshot.json'), '--jwks', join(dir, 'jwks.json'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dir, EVENT_STORE_URL: t.config.EVENT_STORE_URL },
      });
    const replay = run(['--replay']);
    expect(replay.status).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ ok: true, replay: { position: file.document.position, matches: true } });
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ ...file, digest: 'sha256:00' }));
    expect(run([]).status).toBe(2);
  }, 30_000);

  it('a replay that differs from a snapshot made by another version of Vigie says so: the computation may have changed, not the events', async () => {
    const file = (await t.api.post('/api/v1/snapshots').send({ organizationId: orgId, kind: 'law25-register' }).expect(201)).body as SnapshotFile;
    expect(file.document.software.version).toBe(SOFTWARE_VERSION);
    expect(SOFTWARE_VERSION).toMatch(/^\d+\.\d+\.\d+$/); // package.json's, not a fallback
    const dir = t.config.DATA_DIR;
    const key = await loadOrCreateKey(dir, 'snapshots');
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify((await t.api.get('/.well-known/jwks.json').expect(200)).body));
    const replayOf = async (document: SnapshotFile['document']) => {
      writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(await signSnapshot(document, key)));
      const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'snapshot', 'verify', join(dir, 'snapshot.json'), '--jwks', join(dir, 'jwks.json'), '--replay'], {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dir, EVENT_STORE_URL: t.config.EVENT_STORE_URL },
      });
      return { status: r.status, out: JSON.parse(r.stdout) };
    };
    // Signed as it was, but with a state this version does not compute from these events.
    const data = file.document.data as { entries: { lastUpdated: string }[] };
    const computedOtherwise = { ...data, entries: data.entries.map((e) => ({ ...e, lastUpdated: '2020-01-01T00:00:00.000Z' })) };
    const byOlder = await replayOf({ ...file.document, data: computedOtherwise, software: { name: 'vigie', version: '0.0.9' } });
    expect(byOlder.status).toBe(2);
    expect(byOlder.out).toMatchObject({
      ok: false,
      signature: 'valid',
      replay: { matches: false, madeBy: '0.0.9', replayedBy: SOFTWARE_VERSION, reason: { en: expect.stringContaining('made by Vigie 0.0.9'), fr: expect.stringContaining('fait par Vigie 0.0.9') } },
    });
    // Made by this version: a difference is not explained away.
    const byThis = await replayOf({ ...file.document, data: computedOtherwise });
    expect(byThis.status).toBe(2);
    expect(byThis.out.replay).toEqual({ position: file.document.position, expected: expect.any(String), actual: expect.any(String), matches: false });
  }, 30_000);

  it('snapshot verify --replay against another store says it cannot confirm the snapshot, and why, in both languages', async () => {
    const file = (await t.api.post('/api/v1/snapshots').send({ organizationId: orgId, kind: 'law25-register' }).expect(201)).body as SnapshotFile;
    const jwks = (await t.api.get('/.well-known/jwks.json').expect(200)).body;
    const elsewhere = mkdtempSync(join(tmpdir(), 'vigie-other-store-'));
    writeFileSync(join(elsewhere, 'snapshot.json'), JSON.stringify(file));
    writeFileSync(join(elsewhere, 'jwks.json'), JSON.stringify(jwks));
    const replay = (storeUrl: string) =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'snapshot', 'verify', join(elsewhere, 'snapshot.json'), '--jwks', join(elsewhere, 'jwks.json'), '--replay'], {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: elsewhere, EVENT_STORE_URL: storeUrl },
      });
    // An empty store: it ends before the snapshot's position.
    const empty = replay(`sqlite:${join(elsewhere, 'empty.db')}`);
    expect(empty.status).toBe(2);
    expect(JSON.parse(empty.stdout)).toMatchObject({
      ok: false,
      signature: 'valid',
      replay: { position: file.document.position, storeHead: 0, matches: false, reason: { en: expect.stringContaining('EVENT_STORE_URL'), fr: expect.stringContaining('avant celle de l’instantané') } },
    });
    // A store that reaches the position but never held this organization's incidents.
    const other = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false' }, '2026-11-22T15:00:00Z', mkdtempSync(join(tmpdir(), 'vigie-other-')));
    try {
      const otherOrg = await registerOrganization(other);
      for (let i = 0; i < file.document.position; i++) await other.api.post('/api/v1/incidents').send(incident(otherOrg, `Autre ${i}`)).expect(201);
      const foreign = replay(other.config.EVENT_STORE_URL);
      expect(foreign.status).toBe(2);
      expect(JSON.parse(foreign.stdout)).toMatchObject({ ok: false, replay: { matches: false, reason: { en: expect.stringContaining('not the store'), fr: expect.stringContaining('ce n’est pas le magasin') } } });
    } finally {
      await other.close();
    }
  }, 60_000);
});
