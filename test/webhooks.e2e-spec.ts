import { WebhookRegistry } from '@app/delivery';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { READ_MODEL_DB } from '@app/projections';
import { Webhook } from 'standardwebhooks';
import { OutboxService } from '../apps/gateway/src/webhooks/outbox.service';
import { eventCountsByTypeFilter, registerOrganization, startTestApp, TestApp } from './support/app';
import { closeReceivers, receiver } from './support/receiver';

afterEach(closeReceivers);

describe('webhook delivery: signed pushes through an outbox in the store, retries, dead letters, restarts', () => {
  const env = { PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', WEBHOOK_RETRY_BASE_MS: '60000', WEBHOOK_MAX_ATTEMPTS: '3' };
  let t: TestApp;
  let orgId: string;
  let amf: string;
  beforeEach(async () => {
    t = await startTestApp(env);
    orgId = await registerOrganization(t, { name: 'Assureur', sectors: ['insurer'], jurisdictions: ['QC'] });
    amf = await t.token({ role: 'regulator', regulator: 'AMF', sub: 'reg:amf' });
  });
  afterEach(() => t.close());

  const subscribe = async (url: string) => (await t.api.post('/api/v1/webhooks').set('Authorization', `Bearer ${amf}`).send({ url, kinds: ['law25-register'], schedule: 'on_demand' }).expect(201)).body;
  const publish = () => t.api.post('/api/v1/snapshots').set('Authorization', `Bearer ${amf}`).send({ organizationId: orgId, kind: 'law25-register' }).expect(201);
  const tick = (app: TestApp = t) => app.app.get(OutboxService).worker.tick();

  it('pushes a published snapshot once, signed with Standard Webhooks headers the receiver can verify', async () => {
    const r = await receiver();
    const hook = await subscribe(r.url);
    expect(hook).toMatchObject({ orgs: [orgId], secret: expect.stringMatching(/^whsec_/) });
    const snap = (await publish()).body;
    expect(await tick()).toMatchObject({ scheduled: 1, delivered: 1 });
    expect(await tick()).toMatchObject({ scheduled: 0, delivered: 0 });
    expect(r.received).toHaveLength(1);
    const payload = new Webhook(hook.secret).verify(r.received[0].body, r.received[0].headers as Record<string, string>) as { type: string; data: { snapshotId: string; digest: string } };
    expect(payload).toMatchObject({ type: 'snapshot.published', organizationId: orgId });
    // The push says which snapshot and its digest; the receiver pulls the signed document and finds that digest.
    expect(payload.data).toMatchObject({ snapshotId: snap.document.snapshotId, digest: snap.digest, kind: 'law25-register', position: snap.document.position });
    const pulled = (await t.api.get(`/api/v1/snapshots/${payload.data.snapshotId}`).set('Authorization', `Bearer ${amf}`).expect(200)).body;
    expect(pulled.digest).toBe(payload.data.digest);
  });

  it('retries with backoff, then dead-letters after the last attempt', async () => {
    const r = await receiver([500, 503, 500]);
    await subscribe(r.url);
    await publish();
    expect(await tick()).toMatchObject({ failed: 1 });
    expect(await tick()).toMatchObject({ failed: 0, delivered: 0 }); // not due yet: the backoff holds
    t.clock.advance(60_000);
    expect(await tick()).toMatchObject({ failed: 1 });
    t.clock.advance(120_000);
    expect(await tick()).toMatchObject({ dead: 1 });
    const dead = (await t.api.get('/api/v1/webhooks/deliveries?status=dead').set('Authorization', `Bearer ${amf}`).expect(200)).body;
    expect(dead.items).toEqual([expect.objectContaining({ status: 'dead', attempts: 3, lastError: 'HTTP 500' })]);
    expect(new Set(r.received.map((x) => x.id)).size).toBe(1); // every attempt carries the same message id
    // The audit log's type filter knows every event the outbox and the snapshots wrote.
    expect(await eventCountsByTypeFilter(t)).toEqual({ OrganizationRegistered: 1, SnapshotPublished: 1, SnapshotContent: 1, DeliveryScheduled: 1, DeliveryAttemptFailed: 2, DeliveryDeadLettered: 1 });
  });

  it('lists deliveries a page at a time, newest first, each subscriber its own; the outbox keeps in memory only what is still owed', async () => {
    const r = await receiver();
    const hook = await subscribe(r.url);
    const other = await t.token({ role: 'regulator', regulator: 'AMF', sub: 'reg:amf-second' });
    const second = (await t.api.post('/api/v1/webhooks').set('Authorization', `Bearer ${other}`).send({ url: r.url, kinds: ['law25-register'], schedule: 'on_demand' }).expect(201)).body;
    for (let i = 0; i < 3; i++) {
      await publish();
      expect(await tick()).toMatchObject({ scheduled: 2, delivered: 2 });
      t.clock.advance(60_000); // the next one a minute later
    }
    expect(await t.app.get(OutboxService).worker.pending()).toEqual([]);
    type Listed = { items: { deliveryId: string; webhookId: string; status: string; attempts: number; scheduledAt: string; event: string; lastAttemptAt: string }[]; nextCursor: string | null };
    const list = async (token: string, q: string) => (await t.api.get(`/api/v1/webhooks/deliveries?${q}`).set('Authorization', `Bearer ${token}`).expect(200)).body as Listed;
    const first = await list(amf, 'limit=2');
    expect(first.items).toHaveLength(2);
    const rest = await list(amf, `limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(rest.nextCursor).toBeNull();
    const mine = [...first.items, ...rest.items];
    expect(mine.map((d) => d.webhookId)).toEqual([hook.id, hook.id, hook.id]);
    expect(mine.map((d) => d.scheduledAt)).toEqual(['2026-11-22T15:02:00.000Z', '2026-11-22T15:01:00.000Z', '2026-11-22T15:00:00.000Z']);
    expect(mine[0]).toMatchObject({ status: 'delivered', attempts: 1, event: 'SnapshotPublished', lastAttemptAt: '2026-11-22T15:02:00.000Z' });
    expect((await list(other, 'limit=50')).items.map((d) => d.webhookId)).toEqual([second.id, second.id, second.id]);
    expect((await t.api.get('/api/v1/webhooks/deliveries?status=delivered').expect(200)).body.items).toHaveLength(6); // the admin sees every webhook's
    expect((await t.api.get('/api/v1/webhooks/deliveries?status=dead').expect(200)).body.items).toEqual([]);
    const bad = await t.api.get('/api/v1/webhooks/deliveries?cursor=nope').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
  });

  it('a subscriber removes its webhook: what was still owed is cancelled, nothing more is sent, and no one else can remove it', async () => {
    const r = await receiver([500]);
    const hook = await subscribe(r.url);
    await publish();
    expect(await tick()).toMatchObject({ scheduled: 1, failed: 1 }); // owed, to be retried
    // Another regulator cannot remove it, nor learn that it exists; a malformed id names the parameter.
    const opc = await t.token({ role: 'regulator', regulator: 'OPC', sub: 'reg:opc' });
    const foreign = await t.api.delete(`/api/v1/webhooks/${hook.id}`).set('Authorization', `Bearer ${opc}`).set('Accept-Language', 'fr').expect(404);
    expect(foreign.body).toMatchObject({ code: 'WEBHOOK_NOT_FOUND', detail: `Vous n’avez pas de webhook ${hook.id}` });
    await t.api.delete('/api/v1/webhooks/not-an-id').set('Authorization', `Bearer ${amf}`).expect(400);
    await t.api.delete(`/api/v1/webhooks/${hook.id}`).set('Authorization', `Bearer ${amf}`).expect(204);
    expect((await t.api.get('/api/v1/webhooks').set('Authorization', `Bearer ${amf}`).expect(200)).body).toEqual([]);
    const deliveries = (await t.api.get('/api/v1/webhooks/deliveries?status=cancelled').expect(200)).body.items;
    expect(deliveries).toEqual([expect.objectContaining({ webhookId: hook.id, status: 'cancelled', attempts: 1 })]);
    // Later snapshots owe it nothing, and the retry that was due is not sent.
    await publish();
    t.clock.advance(3_600_000);
    expect(await tick()).toMatchObject({ scheduled: 0, delivered: 0, failed: 0, dead: 0 });
    expect(r.received).toHaveLength(1);
    await t.api.delete(`/api/v1/webhooks/${hook.id}`).set('Authorization', `Bearer ${amf}`).expect(404); // already removed
  });

  it('a subscriber rotates its secret: shown once, the next attempt (a retry included) is signed with it alone; no one else can rotate it', async () => {
    const r = await receiver([500]);
    const hook = await subscribe(r.url);
    await publish();
    expect(await tick()).toMatchObject({ failed: 1 }); // signed with the first secret
    const opc = await t.token({ role: 'regulator', regulator: 'OPC', sub: 'reg:opc' });
    await t.api.post(`/api/v1/webhooks/${hook.id}/secret`).set('Authorization', `Bearer ${opc}`).expect(404);
    const rotated = (await t.api.post(`/api/v1/webhooks/${hook.id}/secret`).set('Authorization', `Bearer ${amf}`).expect(201)).body;
    expect(rotated).toMatchObject({ id: hook.id, secret: expect.stringMatching(/^whsec_/) });
    expect(rotated.secret).not.toBe(hook.secret);
    expect(JSON.stringify((await t.api.get('/api/v1/webhooks').set('Authorization', `Bearer ${amf}`).expect(200)).body)).not.toContain(rotated.secret); // shown once
    t.clock.advance(60_000);
    expect(await tick()).toMatchObject({ delivered: 1 });
    const retry = r.received[1];
    expect(() => new Webhook(rotated.secret).verify(retry.body, retry.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(hook.secret).verify(retry.body, retry.headers as Record<string, string>)).toThrow();
  });

  it('a delivery scheduled as its webhook was being removed is cancelled by the next pass, not kept pending', async () => {
    const r = await receiver([500]);
    const hook = await subscribe(r.url);
    await publish();
    expect(await tick()).toMatchObject({ scheduled: 1, failed: 1 });
    await new WebhookRegistry(t.app.get(READ_MODEL_DB)).remove(hook.id); // the row goes, its deliveries not yet cancelled
    t.clock.advance(3_600_000);
    expect(await tick()).toMatchObject({ delivered: 0, failed: 0, dead: 0 });
    expect(r.received).toHaveLength(1);
    expect((await t.api.get('/api/v1/webhooks/deliveries').expect(200)).body.items).toEqual([expect.objectContaining({ webhookId: hook.id, status: 'cancelled' })]);
  });

  it('across restarts nothing owed is lost and nothing delivered is sent again', async () => {
    const r = await receiver([500]);
    await subscribe(r.url);
    await publish();
    await publish();
    // Process 1: records what is owed, sends the first (which fails), and stops before sending the second.
    await t.app.get(OutboxService).worker.schedule();
    const store = t.app.get(EVENT_STORE) as EventStore;
    expect((await store.readAll({ eventTypes: ['DeliveryScheduled'] })).events).toHaveLength(2);
    const firstOnly = (await store.readAll({ eventTypes: ['DeliveryScheduled'] })).events[0];
    expect(firstOnly.streamId).toMatch(/^delivery-/);
    await tick();
    expect(r.received).toHaveLength(2); // both were due: one 500, one 200
    const dir = t.config.DATA_DIR;
    await t.close();
    // Process 2, same data: retries the failed one only.
    t = await startTestApp(env, '2026-11-22T15:05:00Z', dir);
    expect(await tick(t)).toMatchObject({ scheduled: 0, delivered: 1 });
    await t.close();
    // Process 3: everything delivered, nothing to send.
    t = await startTestApp(env, '2026-11-22T16:00:00Z', dir);
    expect(await tick(t)).toMatchObject({ scheduled: 0, delivered: 0, failed: 0 });
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.id)).size).toBe(2);
  });

  it('only organizations in the subscriber’s scope, and daily schedules publish and push', async () => {
    const r = await receiver();
    const other = await registerOrganization(t, { name: 'Ordre', sectors: ['professional_order'], jurisdictions: ['QC'] });
    await t.api.post('/api/v1/webhooks').set('Authorization', `Bearer ${amf}`).send({ url: r.url, organizationIds: [other], kinds: ['law25-register'], schedule: 'daily' }).expect(403);
    await t.api.post('/api/v1/webhooks').set('Authorization', `Bearer ${amf}`).send({ url: r.url, kinds: ['law25-register'], schedule: 'daily' }).expect(201);
    const run = (await t.api.post('/api/v1/webhooks/runs?daily=true').expect(200)).body;
    expect(run).toMatchObject({ published: 1, scheduled: 1, delivered: 1 });
    expect(JSON.parse(r.received[0].body).organizationId).toBe(orgId);
    await t.api.post('/api/v1/webhooks').set('Authorization', `Bearer ${amf}`).send({ url: 'ftp://x', kinds: ['law25-register'], schedule: 'daily' }).expect(400);
  });
});

describe('in production, a webhook reaches public addresses only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'error', PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it.each([
    'https://127.0.0.1/hook',
    'https://localhost:8443/hook', // a name for this machine
    'https://10.0.0.5/hook',
    'https://192.168.1.20/hook',
    'https://169.254.169.254/latest/meta-data/', // a cloud's metadata service
    'https://[::1]/hook',
    'https://[fd00::5]/hook',
  ])('refuses %s with a 400 naming the url and the rule, in French too', async (url) => {
    const r = await t.api.post('/api/v1/webhooks').set('Accept-Language', 'fr').send({ url, kinds: ['reminder'], schedule: 'on_demand' }).expect(400);
    expect(r.body.errors).toEqual([{ field: 'url', rule: 'publicDestination', message: expect.stringMatching(/^doit mener à une adresse publique \(.+ : bouclage, réseau privé ou lien local\)$/) }]);
    if (url.includes('localhost')) expect(r.body.errors[0].message).toMatch(/\(localhost est (127\.0\.0\.1|::1) :/);
  });

  it('accepts a public address (and still refuses plain http)', async () => {
    await t.api.post('/api/v1/webhooks').send({ url: 'https://93.184.216.34/hook', kinds: ['reminder'], schedule: 'on_demand' }).expect(201);
    expect((await t.api.post('/api/v1/webhooks').send({ url: 'http://93.184.216.34/hook', kinds: ['reminder'], schedule: 'on_demand' }).expect(400)).body.errors[0]).toMatchObject({ field: 'url', rule: 'https' });
  });
});
