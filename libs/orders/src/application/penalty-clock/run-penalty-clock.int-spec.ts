import { createEventStore, EventStore, loadState, runDecider, SqliteEventStore } from '@app/event-store';
import { amfOrderTerms, freshPostgresSchema, TEST_POSTGRES_URL } from '@app/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IssuedOrder, orderDecider, orderStream } from '../../domain/order';
import { orderExposure } from '../../domain/exposure';
import { PENALTY_CLOCK_ACTOR, runPenaltyClock } from './run-penalty-clock';
import { settleLedgerAfterCommand } from './settle-after-command';

const ctx = { actor: 'user:test', correlationId: 'c' };
const quiet = { warn: (m: string) => void m };

async function issue(store: EventStore, orderId: string, dueOn = '2021-03-12') {
  await runDecider(store, orderStream(orderId), orderDecider, {
    type: 'IssueOrder',
    at: '2020-12-14T15:00:00.000Z',
    orderId,
    terms: amfOrderTerms({ findings: [], measures: [{ id: 'm1', description: 'Contrôles internes', dueOn }] }),
  }, ctx);
}

function clockSuite(name: string, open: () => Promise<{ store: EventStore; url: string; cleanup?: () => Promise<void> }>) {
  describe(`penalty clock on ${name}`, () => {
    let store: EventStore;
    let url: string;
    let cleanup: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      ({ store, url, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    it('catches up every day since 2021 in one run, and a second run adds nothing', async () => {
      await issue(store, 'o1');
      const first = await runPenaltyClock(store, new Date('2026-11-22T15:00:00Z'));
      // 13 March 2021 → 21 November 2026 inclusive.
      expect(first).toMatchObject({ orders: 1, accrued: 2080, reversed: 0 });
      expect(await runPenaltyClock(store, new Date('2026-11-22T20:00:00Z'))).toMatchObject({ accrued: 0, reversed: 0 });
      const { state } = await loadState(store, orderStream('o1'), orderDecider);
      expect(orderExposure(state as IssuedOrder, '2026-11-22T20:00:00Z')).toMatchObject({ daysCounted: 2080, outstanding: { cents: 2_080_000_000 } });
    });

    it('two workers at once, on separate connections, never accrue a day twice', async () => {
      await issue(store, 'o1');
      await issue(store, 'o2', '2021-06-30');
      const other = await createEventStore(url);
      try {
        const at = new Date('2022-01-01T12:00:00Z');
        const [a, b] = await Promise.all([runPenaltyClock(store, at), runPenaltyClock(other, at)]);
        const days = (await store.readAll({ eventTypes: ['DailyPenaltyAccrued'], maxCount: 10_000 })).events.map((e) => `${e.streamId}/${(e.data as { day: string }).day}`);
        expect(new Set(days).size).toBe(days.length);
        expect(days).toHaveLength(294 + 184); // o1: 13 Mar–31 Dec 2021 (19 + 275 days); o2: 1 Jul–31 Dec 2021
        expect(a.accrued + b.accrued).toBeGreaterThanOrEqual(days.length); // both may decide the same days; the store keeps one
      } finally {
        await other.close();
      }
    });

    it('after a command: an order recorded years after its missed due date owes those days as the command is answered, with the revision after them', async () => {
      const at = '2026-11-22T15:00:00.000Z';
      const decided = await runDecider(store, orderStream('o1'), orderDecider, { type: 'IssueOrder', at, orderId: 'o1', terms: amfOrderTerms({ issuedAt: '2020-12-14T15:00:00.000Z', findings: [], measures: [{ id: 'm1', description: 'Contrôles internes', dueOn: '2021-03-12' }] }) }, { ...ctx, correlationId: 'issue-o1' });
      const answer = await settleLedgerAfterCommand(store, 'o1', decided, at, { ...ctx, correlationId: 'issue-o1' }, quiet);
      const stored = await store.readStream(orderStream('o1'));
      expect(answer).toEqual({ id: 'o1', revision: 2080, position: stored[2080].position });
      expect(stored.slice(1).every((e) => e.type === 'DailyPenaltyAccrued' && e.metadata.actor === PENALTY_CLOCK_ACTOR && e.metadata.correlationId === 'issue-o1')).toBe(true);
      expect(await runPenaltyClock(store, new Date(at))).toMatchObject({ accrued: 0, reversed: 0 });
    });

    it('after a command that changes nothing owed, or decides nothing: the command’s own answer', async () => {
      await issue(store, 'o1', '2027-01-15');
      const at = '2026-11-22T15:00:00.000Z';
      const report = await runDecider(store, orderStream('o1'), orderDecider, { type: 'CompleteCorrectiveMeasure', at, measureId: 'm1', completedAt: at, evidence: 'Rapport' }, ctx);
      expect(await settleLedgerAfterCommand(store, 'o1', report, at, ctx, quiet)).toEqual({ id: 'o1', revision: 1, position: report.position });
      const nothing = { events: [], revision: 1, position: null };
      expect(await settleLedgerAfterCommand(store, 'o1', nothing, at, ctx, quiet)).toEqual({ id: 'o1', revision: 1, position: null });
      expect((await store.readStream(orderStream('o1'))).map((e) => e.type)).toEqual(['RegulatorOrderIssued', 'CorrectiveMeasureCompleted']);
    });

    it('after a command, a ledger that cannot be written is logged and left to the next run; the command stands', async () => {
      await issue(store, 'o1');
      const at = '2026-11-22T15:00:00.000Z';
      const warnings: string[] = [];
      const refusing = new Proxy(store, {
        get: (target, key) => (key === 'append' ? () => Promise.reject(new Error('disk full')) : Reflect.get(target, key).bind(target)),
      });
      const decided = { events: [{ type: 'RegulatorOrderIssued' }], revision: 0, position: 1 };
      expect(await settleLedgerAfterCommand(refusing, 'o1', decided, at, ctx, { warn: (m) => warnings.push(m) })).toEqual({ id: 'o1', revision: 0, position: 1 });
      expect(warnings).toEqual(["order o1: its penalty ledger is left to the clock's next run: disk full"]);
      expect(await runPenaltyClock(store, new Date(at))).toMatchObject({ accrued: 2080 });
    });
  });
}

clockSuite('sqlite', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'vigie-clock-')), 'store.db');
  return { store: new SqliteEventStore(path), url: `sqlite:${path}` };
});

// Needs a PostgreSQL server (TEST_POSTGRES_URL, set by .ci/run); skipped without one.
(TEST_POSTGRES_URL ? describe : describe.skip)('with PostgreSQL', () => {
  clockSuite('postgres', async () => {
    const { url, drop } = await freshPostgresSchema();
    return { store: await createEventStore(url), url, cleanup: drop };
  });
});
