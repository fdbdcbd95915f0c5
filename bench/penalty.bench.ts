/**
 * npm run bench:penalty — catch-up of the penalty clock: 100 orders, each never complied
 * with for about 2,000 days, accrued in one run on the embedded store. Prints events/s
 * and seconds as JSON lines (target: under 10 s on the project's machines). Then the
 * exposure of an order whose daily report was never submitted for about 2,000 days: every
 * missed report opens a period that stays open, so the periods overlap more each day (the
 * exposure's cost must grow with days plus periods, not their product). A benchmark, not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDecider, SqliteEventStore } from '../libs/event-store/src';
import { addDays, money } from '../libs/kernel/src';
import { orderExposure } from '../libs/orders/src/domain/exposure';
import { DEFAULT_DAY_COUNTING_RULE, IssuedOrder, orderDecider, orderStream } from '../libs/orders/src/domain/order';
import { runPenaltyClock } from '../libs/orders/src/application/penalty-clock/run-penalty-clock';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100);
const DAYS = Number(process.env.BENCH_DAYS ?? 2000);
const print = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify({ bench: 'penalty', ...o }) + '\n');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-penalty-'));
  const store = new SqliteEventStore(join(dir, 'store.db'));
  const dueOn = '2021-01-10';
  const at = new Date(`${addDays(dueOn, DAYS + 1)}T17:00:00Z`);
  for (let i = 0; i < ORDERS; i++) {
    await runDecider(store, orderStream(`bench-${i}`), orderDecider, {
      type: 'IssueOrder',
      at: '2020-12-14T15:00:00.000Z',
      orderId: `bench-${i}`,
      terms: {
        regulator: 'AMF',
        regulatorName: null,
        reference: `bench ${i}`,
        legalBasis: 'CQLR c. C-67.3, s. 567',
        organizationId: 'bench',
        issuedAt: '2020-12-14T15:00:00.000Z',
        findings: [],
        measures: [{ id: 'm', description: 'never done', dueOn }],
        reportingDuties: [],
        penalty: { perDay: money(1_000_000), dayCounting: DEFAULT_DAY_COUNTING_RULE },
      },
    }, { actor: 'bench', correlationId: 'bench' });
  }
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const run = await runPenaltyClock(store, at);
  const seconds = (performance.now() - t0) / 1000;
  print({ name: 'catch-up run', orders: run.orders, daysPerOrder: DAYS, eventsAppended: run.accrued, seconds: Math.round(seconds * 100) / 100, eventsPerSec: Math.round(run.accrued / seconds), target: 'under 10 s', rssMB: Math.round(process.memoryUsage().rss / 1e6), rssBeforeMB: Math.round(rss0 / 1e6) });
  const t1 = performance.now();
  const again = await runPenaltyClock(store, at);
  print({ name: 'second run (nothing to do: every order re-read and re-decided)', accrued: again.accrued, seconds: Math.round(((performance.now() - t1) / 1000) * 100) / 100 });
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  overlappingPeriods(dueOn, at);
}

function overlappingPeriods(firstDueOn: string, at: Date): void {
  const order = orderDecider.evolve(orderDecider.initialState(), {
    type: 'RegulatorOrderIssued',
    occurredAt: '2020-12-14T15:00:00.000Z',
    data: {
      orderId: 'daily', regulator: 'AMF', regulatorName: null, reference: 'daily', legalBasis: 'CQLR c. C-67.3, s. 567', organizationId: 'bench',
      issuedAt: '2020-12-14T15:00:00.000Z', findings: [], measures: [],
      reportingDuties: [{ id: 'daily', description: 'never submitted', cadence: { everyDays: 1, firstDueOn, until: null } }],
      penalty: { perDay: money(1_000_000), dayCounting: DEFAULT_DAY_COUNTING_RULE },
    },
  }) as IssuedOrder;
  const t0 = performance.now();
  const e = orderExposure(order, at.toISOString(), addDays(at.toISOString().slice(0, 10), 365));
  print({ name: 'exposure, daily report never submitted', periods: DAYS, pendingDays: e.pendingDays, forecastDays: e.forecast?.days, ms: Math.round((performance.now() - t0) * 10) / 10 });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
