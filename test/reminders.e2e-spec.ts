import { EVENT_STORE, EventStore } from '@app/event-store';
import { PROJECTION_RUNNER, ProjectionRunner, ALL_PROJECTIONS } from '@app/projections';
import { spawnSync } from 'node:child_process';
import { Webhook } from 'standardwebhooks';
import { OutboxService } from '../apps/gateway/src/webhooks/outbox.service';
import { eventCountsByTypeFilter, registerOrganization, startTestApp, TestApp } from './support/app';
import { closeReceivers, receiver } from './support/receiver';
import { incidentRequest, orderRequest } from './support/requests';

afterEach(closeReceivers);

/**
 * Reminders end to end: the clock is data (the test moves it), the passes are run on
 * demand, deliveries go through the same signed outbox as snapshots.
 * The incident: aware at 08:00 (Montreal) on 22 November 2026 = 13:00Z; its risk must be
 * assessed within 48 h (a target): due 24 Nov 13:00Z, 80 % reached 24 Nov 03:24Z.
 */
describe('reminders: at 80 % of an obligation’s time, when overdue, when a penalty day accrues', () => {
  const env = { PENALTY_CLOCK_ENABLED: 'false', OUTBOX_ENABLED: 'false', REMINDERS_ENABLED: 'false' };
  let t: TestApp;
  let orgId: string;
  beforeEach(async () => {
    t = await startTestApp(env, '2026-11-22T15:00:00Z');
    orgId = await registerOrganization(t);
  });
  afterEach(() => t.close());

  const run = (app: TestApp = t) => app.api.post('/api/v1/reminders/runs').expect(200).then((r) => r.body as { recorded: number; alreadyRecorded: number });
  const list = async (app: TestApp = t, query = '') =>
    (await app.api.get(`/api/v1/organizations/${orgId}/reminders${query}`).expect(200)).body.items as {
      trigger: string;
      subject: { key: string; obligationId?: string; duty?: string; day?: string; from?: string; to?: string; days?: number; reports?: number };
      amount: { cents: number } | null;
      message: { fr: string; en: string };
    }[];
  const declare = async () => (await t.api.post('/api/v1/incidents').send(incidentRequest(orgId, { occurred: { from: '2026-11-22T06:00:00-05:00', approximate: false }, awareAt: '2026-11-22T08:00:00-05:00' })).expect(201)).body as { id: string };
  const exposure = async (orderId: string) => (await t.api.get(`/api/v1/orders/${orderId}/exposure`).expect(200)).body as Record<string, unknown>;
  const subscribe = async (app: TestApp = t) => (await app.api.post('/api/v1/webhooks').send({ url: (await receiver()).url, organizationIds: [orgId], kinds: ['reminder'], schedule: 'on_demand' }).expect(201)).body as { secret: string; url: string };

  it('given an open obligation, when 80 % of its time elapses, then one signed reminder; when it is overdue, one more; never twice', async () => {
    const r = await receiver();
    const hook = (await t.api.post('/api/v1/webhooks').send({ url: r.url, organizationIds: [orgId], kinds: ['reminder'], schedule: 'on_demand' }).expect(201)).body;
    await declare();

    t.clock.set(new Date('2026-11-24T03:23:59Z'));
    expect(await run()).toMatchObject({ recorded: 0 });

    t.clock.set(new Date('2026-11-24T03:24:00Z'));
    expect(await run()).toMatchObject({ recorded: 1 });
    expect(await run()).toMatchObject({ recorded: 0, alreadyRecorded: 1 });
    const [soon] = await list();
    expect(soon).toMatchObject({ trigger: 'due_soon', subject: { obligationId: 'qc.assess-risk' } });
    expect(soon.message.fr).toContain('80 % du délai est écoulé');
    expect(soon.message.en).toContain('80 % of the time has elapsed');

    expect(await t.app.get(OutboxService).worker.tick()).toMatchObject({ scheduled: 1, delivered: 1 });
    const payload = new Webhook(hook.secret).verify(r.received[0].body, r.received[0].headers as Record<string, string>) as { type: string; organizationId: string; data: { trigger: string } };
    expect(payload).toMatchObject({ type: 'reminder.due', organizationId: orgId, data: { trigger: 'due_soon' } });

    t.clock.set(new Date('2026-11-24T13:00:00Z'));
    expect(await run()).toMatchObject({ recorded: 1 });
    expect((await list()).map((x) => x.trigger)).toEqual(['overdue', 'due_soon']); // newest first
    expect((await list(t, '?trigger=overdue')).map((x) => x.trigger)).toEqual(['overdue']);
    const first = (await t.api.get(`/api/v1/organizations/${orgId}/reminders?limit=1`).expect(200)).body;
    expect(first.items.map((x: { trigger: string }) => x.trigger)).toEqual(['overdue']);
    const second = (await t.api.get(`/api/v1/organizations/${orgId}/reminders?limit=1&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second).toMatchObject({ items: [{ trigger: 'due_soon' }], nextCursor: null });
    await t.app.get(OutboxService).worker.tick();
    expect(r.received.map((x) => JSON.parse(x.body).data.trigger)).toEqual(['due_soon', 'overdue']);
    // The audit log's type filter knows the reminders' events and their deliveries'.
    const counts = await eventCountsByTypeFilter(t);
    expect(counts).toMatchObject({ ReminderDue: 2, DeliveryScheduled: 2, DeliverySucceeded: 2 });
    expect(Object.entries(counts).filter(([, n]) => n <= 0)).toEqual([]);
  });

  it('never re-sent by a restart or a rebuild of the read models', async () => {
    const r = await receiver();
    await t.api.post('/api/v1/webhooks').send({ url: r.url, organizationIds: [orgId], kinds: ['reminder'], schedule: 'on_demand' }).expect(201);
    await declare();
    t.clock.set(new Date('2026-11-24T04:00:00Z'));
    expect(await run()).toMatchObject({ recorded: 1 });
    await t.app.get(OutboxService).worker.tick();
    const dir = t.config.DATA_DIR;
    await t.close();

    t = await startTestApp(env, '2026-11-24T05:00:00Z', dir);
    expect(await run()).toMatchObject({ recorded: 0, alreadyRecorded: 1 });
    const runner = t.app.get<ProjectionRunner>(PROJECTION_RUNNER);
    await runner.rebuildAll(ALL_PROJECTIONS);
    expect(await run()).toMatchObject({ recorded: 0, alreadyRecorded: 1 });
    expect(await t.app.get(OutboxService).worker.tick()).toMatchObject({ scheduled: 0, delivered: 0 });
    expect(r.received).toHaveLength(1);
    expect(await list()).toHaveLength(1);
  });

  it('a pass does not write again the reminders it has seen recorded: an order’s overdue reports are not one append each, every pass', async () => {
    const weekly = { reportingDuties: [{ id: 'weekly', description: 'Rapport hebdomadaire', cadence: { everyDays: 7, firstDueOn: '2026-09-07' } }], measures: [] };
    // Recorded the day it was issued; the reminders not run since: 7 September … 16 November, 11 weekly reports overdue, each its own reminder.
    t.clock.set(new Date('2026-09-01T15:00:00Z'));
    await t.api.post('/api/v1/orders').send(orderRequest(orgId, { issuedAt: '2026-09-01T10:00:00-04:00', ...weekly })).expect(201);
    t.clock.set(new Date('2026-11-22T15:00:00Z'));
    expect((await run()).recorded).toBeGreaterThanOrEqual(11);
    expect((await list(t, '?trigger=overdue&limit=50')).map((x) => x.subject.duty)).toHaveLength(11);
    const store = t.app.get<EventStore>(EVENT_STORE);
    const append = jest.spyOn(store, 'append');
    try {
      const again = await run();
      expect(again.recorded).toBe(0);
      expect(again.alreadyRecorded).toBeGreaterThanOrEqual(11);
      expect(append).not.toHaveBeenCalled();
    } finally {
      append.mockRestore();
    }
  });

  it('an order recorded long after its reports fell due: one reminder counts those already overdue, the next ones come one by one', async () => {
    await subscribe();
    // Issued 6 January 2025 with a weekly report from 13 January 2025, recorded 22 November 2026: 97 reports overdue (13 January 2025 … 16 November 2026).
    const weekly = { reportingDuties: [{ id: 'weekly', description: 'Rapport hebdomadaire', cadence: { everyDays: 7, firstDueOn: '2025-01-13' } }], measures: [] };
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(orgId, { issuedAt: '2025-01-06T10:00:00-05:00', ...weekly })).expect(201)).body as { id: string };
    const overdue = () => list(t, '?trigger=overdue&limit=200');
    const first = await run(); // the summary, and the penalty days the order accrued as it was recorded
    const [summary, ...others] = await overdue();
    expect(others).toEqual([]);
    expect(summary).toMatchObject({ subject: { key: `order:${order.id}:overdue-when-recorded`, from: '2025-01-13', to: '2026-11-16', reports: 97 } });
    expect(summary.message.en).toMatch(/^97 reports, due Jan 13, 2025 to Nov 16, 2026, already overdue when the order was recorded on Nov 22, 2026/);
    expect(summary.message.fr).toMatch(/^97 rapports, échéances du 13 janv\. 2025 au 16 nov\. 2026, déjà en retard à l’inscription de l’ordonnance le 22 nov\. 2026/);
    expect(await t.app.get(OutboxService).worker.tick()).toMatchObject({ delivered: first.recorded });
    // A report submitted: the next pass owes nothing new. A week later, the report due 23 November is overdue on its own.
    await t.api.post(`/api/v1/orders/${order.id}/reports`).send({ dutyId: 'weekly', submittedAt: '2026-11-22T09:00:00-05:00', summary: 'Rapport' }).expect(201);
    expect(await run()).toMatchObject({ recorded: 0 });
    t.clock.set(new Date('2026-11-24T12:00:00Z'));
    await run();
    expect((await overdue()).map((x) => x.subject.duty ?? x.subject.key)).toEqual(['report:weekly:2026-11-23', `order:${order.id}:overdue-when-recorded`]);
  });

  it('another process (the operator CLI) records a reminder; this one then finds it already recorded', async () => {
    await declare();
    const cli = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'reminders', 'run', '--at', '2026-11-24T04:00:00Z'], {
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: t.config.DATA_DIR, EVENT_STORE_URL: t.config.EVENT_STORE_URL },
    });
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ recorded: 1, alreadyRecorded: 0 });
    t.clock.set(new Date('2026-11-24T04:00:00Z'));
    expect(await run()).toMatchObject({ recorded: 0, alreadyRecorded: 1 });
  }, 30_000);

  it('the operator CLI refuses to run the reminders or the penalty clock as of a moment in the future, and writes nothing', async () => {
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(orgId)).expect(201)).body;
    const store = t.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const written = (await store.readStream(`order-${order.id}`)).map((e) => e.type);
    expect(written[0]).toBe('RegulatorOrderIssued');
    const future = new Date(Date.now() + 366 * 86_400_000).toISOString();
    for (const command of ['reminders', 'penalty']) {
      const cli = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', command, 'run', '--at', future], {
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: t.config.DATA_DIR, EVENT_STORE_URL: t.config.EVENT_STORE_URL },
      });
      expect(cli.status).toBe(64);
      expect(cli.stderr).toContain('is in the future');
      expect(cli.stderr).toContain('est dans le futur');
    }
    expect(await store.headPosition()).toBe(head);
    expect((await store.readStream(`order-${order.id}`)).map((e) => e.type)).toEqual(written);
  }, 30_000);

  it('skips a pass while the read models are behind the log (it could remind of an obligation already met)', async () => {
    await t.app.get<ProjectionRunner>(PROJECTION_RUNNER).stop();
    await declare();
    t.clock.set(new Date('2026-11-24T04:00:00Z'));
    expect(await run()).toMatchObject({ recorded: 0, skipped: 'read models behind the log' });
  }, 20_000);

  it('one reminder per accrued penalty day, with the amount, in both languages', async () => {
    await subscribe();
    t.clock.set(new Date('2026-11-24T12:00:00Z'));
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(orgId, { issuedAt: '2026-10-01T10:00:00-04:00', measures: [{ id: 'controls', description: 'Contrôles internes', dueOn: '2026-11-20' }] })).expect(201)).body;
    // 21, 22 and 23 November have ended: recording the order accrued them; the clock finds nothing more.
    expect(await exposure(order.id)).toMatchObject({ daysAccrued: 3, pendingDays: 0 });
    expect((await t.api.post('/api/v1/penalty-clock/runs').expect(200)).body).toMatchObject({ accrued: 0 });
    expect(await run()).toMatchObject({ recorded: 4 }); // the overdue measure, and three penalty days
    const days = await list(t, '?trigger=penalty_day');
    expect(days.map((d) => d.subject.day)).toEqual(['2026-11-23', '2026-11-22', '2026-11-21']);
    expect(days[0].message.fr).toContain('10\u00a0000\u00a0$');
    expect(days[0].message.en).toContain('$10,000');
    expect(await run()).toMatchObject({ recorded: 0 });
    expect(order.id).toBeTruthy();
  });

  it('a catch-up over many past days: one reminder sums up the days older than a week, one per recent day', async () => {
    t.clock.set(new Date('2026-11-24T12:00:00Z'));
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(orgId, { issuedAt: '2026-09-01T10:00:00-04:00', measures: [{ id: 'controls', description: 'Contrôles internes', dueOn: '2026-10-20' }] })).expect(201)).body;
    expect(await exposure(order.id)).toMatchObject({ daysAccrued: 34, pendingDays: 0 }); // 21 October … 23 November, accrued as the order was recorded
    expect(await run()).toMatchObject({ recorded: 9 }); // the overdue measure, the catch-up, 17 … 23 November
    const days = await list(t, '?trigger=penalty_day&limit=50');
    const catchUp = days.filter((d) => d.subject.days !== undefined);
    expect(catchUp).toHaveLength(1);
    expect(catchUp[0]).toMatchObject({ subject: { from: '2026-10-21', to: '2026-11-16', days: 27 }, amount: { cents: 27 * 1_000_000 } });
    expect(catchUp[0].message.en).toContain('27 penalty days accrued at once, 2026-10-21 to 2026-11-16: $270,000 in all');
    expect(catchUp[0].message.fr).toContain('27 jours de pénalité se sont ajoutés d’un coup, du 2026-10-21 au 2026-11-16 : 270\u00a0000\u00a0$ en tout');
    expect(days.filter((d) => d.subject.days === undefined).map((d) => d.subject.day)).toEqual(['2026-11-23', '2026-11-22', '2026-11-21', '2026-11-20', '2026-11-19', '2026-11-18', '2026-11-17']);
    expect(await run()).toMatchObject({ recorded: 0 });
  });

  it('a penalty day reversed before the pass is not announced; one reversed after says so in the list, the reminder kept as sent', async () => {
    t.clock.set(new Date('2026-11-24T12:00:00Z'));
    const order = (await t.api.post('/api/v1/orders').send(orderRequest(orgId, { issuedAt: '2026-10-01T10:00:00-04:00', measures: [{ id: 'controls', description: 'Contrôles internes', dueOn: '2026-11-20' }] })).expect(201)).body;
    expect(await exposure(order.id)).toMatchObject({ daysAccrued: 3 }); // 21, 22, 23 November
    // Compliance shown on the 23rd, recorded before any pass: the 23rd was never owed (reversed as the fact is recorded), and is not announced.
    await t.api.post(`/api/v1/orders/${order.id}/compliance-restored`).send({ effectiveAt: '2026-11-23T09:00:00-05:00', evidence: 'Attestation' }).expect(201);
    expect(await exposure(order.id)).toMatchObject({ daysAccrued: 3, daysReversed: 1, pendingReversalDays: 0 });
    await run();
    const announced = await list(t, '?trigger=penalty_day');
    expect(announced.map((d) => d.subject.day)).toEqual(['2026-11-22', '2026-11-21']);
    expect(announced.map((d) => (d as { daysReversedSince?: number | null }).daysReversedSince)).toEqual([0, 0]);
    // Shown earlier still, on the 22nd: the 22nd is reversed after it was announced; the list says so beside it.
    await t.api.post(`/api/v1/orders/${order.id}/compliance-restored`).send({ effectiveAt: '2026-11-22T09:00:00-05:00', evidence: 'Attestation antérieure' }).expect(201);
    expect(await exposure(order.id)).toMatchObject({ daysAccrued: 3, daysReversed: 2, pendingReversalDays: 0 });
    expect((await t.api.post('/api/v1/penalty-clock/runs').expect(200)).body).toMatchObject({ accrued: 0, reversed: 0 });
    expect(await run()).toMatchObject({ recorded: 0 });
    const after = await list(t, '?trigger=penalty_day');
    expect(after.map((d) => [d.subject.day, (d as { daysReversedSince?: number | null }).daysReversedSince, d.message.en.startsWith('A penalty of $10,000 accrued')])).toEqual([
      ['2026-11-22', 1, true],
      ['2026-11-21', 0, true],
    ]);
    const gql = await t.api.post('/graphql').send({ query: `{ reminders(organizationId: "${orgId}") { items { trigger daysReversedSince } } }` }).expect(200);
    expect(gql.body.data.reminders.items.map((r: { trigger: string; daysReversedSince: number | null }) => `${r.trigger}:${r.daysReversedSince}`).sort()).toEqual(['overdue:null', 'penalty_day:0', 'penalty_day:1']);
  });

  it('configurable per organization: the percentage, each trigger, or none at all', async () => {
    const before = (await t.api.get(`/api/v1/organizations/${orgId}`).expect(200)).body;
    expect(before.reminders).toEqual({ enabled: true, dueSoonAtPercent: 80, onDueSoon: true, onOverdue: true, onPenaltyDay: true });
    const put = (body: object, ifMatch?: string) => {
      const req = t.api.put(`/api/v1/organizations/${orgId}/reminder-settings`).send(body);
      return ifMatch ? req.set('If-Match', ifMatch) : req;
    };
    await put({ enabled: true, dueSoonAtPercent: 50, onDueSoon: true, onOverdue: false, onPenaltyDay: true }, `"${before.revision}"`).expect(200);
    expect((await t.api.get(`/api/v1/organizations/${orgId}`).expect(200)).body.reminders).toMatchObject({ dueSoonAtPercent: 50, onOverdue: false });

    await declare();
    t.clock.set(new Date('2026-11-23T13:00:00Z')); // 50 % of 48 h
    expect(await run()).toMatchObject({ recorded: 1 });
    t.clock.set(new Date('2026-11-25T00:00:00Z')); // overdue, but overdue reminders are off
    expect(await run()).toMatchObject({ recorded: 0 });

    // A stale revision is a conflict, never a lost update.
    await put({ enabled: false, dueSoonAtPercent: 80, onDueSoon: true, onOverdue: true, onPenaltyDay: true }, `"${before.revision}"`).expect(409);
    const bad = await put({ enabled: true, dueSoonAtPercent: 150, onDueSoon: true, onOverdue: true, onPenaltyDay: true }).set('Accept-Language', 'fr').expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'dueSoonAtPercent' })]);
    await put({ enabled: true, dueSoonAtPercent: 80 }).expect(400);

    await put({ enabled: false, dueSoonAtPercent: 80, onDueSoon: true, onOverdue: true, onPenaltyDay: true }).expect(200);
    t.clock.set(new Date('2026-11-26T00:00:00Z'));
    expect(await run()).toMatchObject({ recorded: 0 });
  });

  it('GraphQL: the same settings and list', async () => {
    const gql = (query: string, variables: object = {}) => t.api.post('/graphql').send({ query, variables }).expect(200);
    const set = await gql('mutation($id: ID!, $s: ReminderSettingsInput!) { configureReminders(organizationId: $id, input: $s) { id revision } }', {
      id: orgId,
      s: { enabled: true, dueSoonAtPercent: 90, onDueSoon: true, onOverdue: true, onPenaltyDay: false },
    });
    expect(set.body.data.configureReminders).toMatchObject({ id: orgId, revision: 1 });
    const bad = await gql('mutation($id: ID!, $s: ReminderSettingsInput!) { configureReminders(organizationId: $id, input: $s) { id } }', {
      id: orgId,
      s: { enabled: true, dueSoonAtPercent: 0, onDueSoon: true, onOverdue: true, onPenaltyDay: false },
    });
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    await declare();
    t.clock.set(new Date('2026-11-24T12:00:00Z')); // past 90 % (43.2 h)
    await run();
    const r = await gql('query($id: ID!) { reminders(organizationId: $id) { items { trigger message } } }', { id: orgId });
    expect(r.body.data.reminders.items).toEqual([{ trigger: 'due_soon', message: expect.stringContaining('90 %') }]);
  });
});
