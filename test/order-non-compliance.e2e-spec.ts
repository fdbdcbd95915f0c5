import { orderRequest } from './support/requests';
import { registerOrganization, startTestApp, TestApp } from './support/app';

type Period = { from: string; to: string | null; duty: string };
type Page = { total: number; open: number; items: Period[]; nextCursor: string | null };

/**
 * An order's periods of non-compliance: a report due every day and never submitted opens one
 * a day, hundreds over a couple of years. The order's view counts them; they are read a page
 * at a time, now or as they stood at a moment (audit).
 */
describe('an order’s periods of non-compliance', () => {
  let t: TestApp;
  let orderId: string;

  beforeAll(async () => {
    t = await startTestApp({ PENALTY_CLOCK_ENABLED: 'false' }, '2026-11-22T15:00:00Z');
    const orgId = await registerOrganization(t);
    const r = await t.api
      .post('/api/v1/orders')
      .send(orderRequest(orgId, { issuedAt: '2024-12-02T10:00:00-05:00', measures: [{ id: 'controls', description: 'Contrôles internes', dueOn: '2025-01-15' }], reportingDuties: [{ id: 'daily', description: 'Rapport quotidien', cadence: { everyDays: 1, firstDueOn: '2025-01-01' } }] }));
    expect([r.status, r.body.errors]).toEqual([201, undefined]);
    orderId = r.body.id;
  });
  afterAll(() => t.close());

  /** Every page from the first, following nextCursor. */
  async function allPages(path: string, limit: number): Promise<{ pages: Page[]; periods: Period[] }> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await t.api.get(`${path}${path.includes('?') ? '&' : '?'}${q}`).expect(200)).body as Page;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    return { pages, periods: pages.flatMap((p) => p.items) };
  }

  it('the order counts its periods; the list gives each once, by start, a page at a time', async () => {
    const order = (await t.api.get(`/api/v1/orders/${orderId}`).expect(200)).body;
    // The measure due 2025-01-15 and a report a day from 2025-01-01 to 2026-11-21 (due the 22nd: missed only from the 23rd).
    const reports = (Date.UTC(2026, 10, 21) - Date.UTC(2025, 0, 1)) / 86_400_000 + 1;
    expect(reports).toBe(690);
    expect(order.nonCompliance).toEqual({ total: reports + 1, open: reports + 1 });

    const first = (await t.api.get(`/api/v1/orders/${orderId}/non-compliance`).expect(200)).body as Page & { asOf: string };
    expect(first).toMatchObject({ orderId, asOf: '2026-11-22T15:00:00.000Z', total: reports + 1, open: reports + 1 });
    expect(first.items).toHaveLength(50); // the default page
    expect(first.items.slice(0, 2)).toEqual([
      { from: '2025-01-02T05:00:00.000Z', to: null, duty: 'report:daily:2025-01-01' },
      { from: '2025-01-03T05:00:00.000Z', to: null, duty: 'report:daily:2025-01-02' },
    ]);
    // Two periods that start together are in the order of their duties.
    expect(first.items.slice(14, 16)).toEqual([
      { from: '2025-01-16T05:00:00.000Z', to: null, duty: 'measure:controls' },
      { from: '2025-01-16T05:00:00.000Z', to: null, duty: 'report:daily:2025-01-15' },
    ]);

    const { pages, periods } = await allPages(`/api/v1/orders/${orderId}/non-compliance`, 500);
    expect(pages.map((p) => p.items.length)).toEqual([500, reports + 1 - 500]);
    expect(new Set(periods.map((p) => p.duty)).size).toBe(reports + 1);
    expect(periods.map((p) => p.from)).toEqual([...periods.map((p) => p.from)].sort());
    expect(periods.at(-1)).toEqual({ from: '2026-11-22T05:00:00.000Z', to: null, duty: 'report:daily:2026-11-21' });
  });

  it('a report submitted late ends its period: the count of open periods drops, the total stays', async () => {
    const before = (await t.api.get(`/api/v1/orders/${orderId}`).expect(200)).body;
    await t.api.post(`/api/v1/orders/${orderId}/reports`).send({ dutyId: 'daily', submittedAt: '2026-11-01T12:00:00-04:00', summary: 'Rapport en retard' }).expect(201);
    const after = (await t.api.get(`/api/v1/orders/${orderId}`).expect(200)).body;
    expect(after.nonCompliance).toEqual({ total: before.nonCompliance.total, open: before.nonCompliance.open - 1 });
    const page = (await t.api.get(`/api/v1/orders/${orderId}/non-compliance?limit=2`).expect(200)).body as Page;
    expect(page.items[0]).toEqual({ from: '2025-01-02T05:00:00.000Z', to: '2026-11-01T16:00:00.000Z', duty: 'report:daily:2025-01-01' });
  });

  it('an auditor reads them as they stood at a moment, a page at a time', async () => {
    const path = `/api/v1/audit/orders/${orderId}/non-compliance?basis=business&at=${encodeURIComponent('2025-02-01T12:00:00-05:00')}`;
    const { periods, pages } = await allPages(path, 20);
    // On 1 February 2025: the measure and the reports due 1–31 January, all still missing then.
    expect(pages[0]).toMatchObject({ existed: true, judgedAt: '2025-02-01T17:00:00.000Z', total: 32, open: 32 });
    expect(pages.map((p) => p.items.length)).toEqual([20, 12]);
    const daily = Array.from({ length: 31 }, (_, i) => `report:daily:2025-01-${String(i + 1).padStart(2, '0')}`);
    expect(periods.map((p) => p.duty)).toEqual([...daily.slice(0, 14), 'measure:controls', ...daily.slice(14)]);
    expect(periods.every((p) => p.to === null)).toBe(true);
    const audit = (await t.api.get(`/api/v1/audit/orders/${orderId}?basis=business&at=${encodeURIComponent('2025-02-01T12:00:00-05:00')}`).expect(200)).body;
    expect(audit.nonCompliance).toEqual({ total: 32, open: 32 });
    const before = (await t.api.get(`/api/v1/audit/orders/${orderId}/non-compliance?basis=recorded&at=${encodeURIComponent('2024-01-01T00:00:00Z')}`).expect(200)).body;
    expect(before).toMatchObject({ existed: false, total: 0, items: [], nextCursor: null });
  });

  it('its stream, a penalty day a day, is read a page at a time, each page chained to the one before', async () => {
    const events: { revision: number; hash: string; type: string }[] = [];
    let next: number | null = 0;
    let pages = 0;
    while (next !== null) {
      const page: { events: { revision: number; hash: string; type: string }[]; nextRevision: number | null } = (await t.api.get(`/api/v1/audit/streams/order-${orderId}?limit=300&fromRevision=${next}`).expect(200)).body;
      events.push(...page.events);
      next = page.nextRevision;
      pages++;
    }
    const whole = (await t.api.get(`/api/v1/audit/streams/order-${orderId}?limit=5000`).expect(200)).body;
    expect(whole.nextRevision).toBeNull();
    expect(events.length).toBe(whole.lastRevision + 1);
    expect(events.length).toBeGreaterThan(690); // the order, its report, and a day accrued for each day missed
    expect(pages).toBe(Math.ceil(events.length / 300));
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    expect(events).toEqual(whole.events);
  });

  it('a page that cannot be read is a 400 naming the field, in both languages', async () => {
    for (const [q, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
    ]) {
      for (const path of [`/api/v1/orders/${orderId}/non-compliance?${q}`, `/api/v1/audit/orders/${orderId}/non-compliance?${q}`]) {
        const r = await t.api.get(path);
        expect([path, r.status, r.headers['content-type']]).toEqual([path, 400, expect.stringContaining('application/problem+json')]);
        expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
    }
    const fr = await t.api.get(`/api/v1/orders/${orderId}/non-compliance?cursor=nope`).set('Accept-Language', 'fr').expect(400);
    expect(fr.body.errors[0].message).toBe('n’est pas un curseur fourni par cette API');
    await t.api.get('/api/v1/orders/4f1b2c3d-0000-4000-8000-000000000000/non-compliance').expect(404);
  });
});
