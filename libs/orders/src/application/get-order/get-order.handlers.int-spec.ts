import { EventStore, runDecider, SqliteEventStore } from '@app/event-store';
import { FixedClock } from '@app/kernel';
import { amfOrderTerms } from '@app/testing';
import { orderDecider, orderStream } from '../../domain/order';
import { runPenaltyClock } from '../penalty-clock/run-penalty-clock';
import { GetOrganizationExposureHandler } from './get-order.handlers';
import { GetOrganizationExposureQuery } from './get-order.queries';

const ctx = { actor: 'user:test', correlationId: 'c' };

describe('an organization’s exposure', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
  });
  afterEach(() => store.close());

  const issue = (orderId: string, organizationId: string, perDayCents: number) =>
    runDecider(store, orderStream(orderId), orderDecider, {
      type: 'IssueOrder',
      at: '2020-12-14T15:00:00.000Z',
      orderId,
      terms: amfOrderTerms({ organizationId, penalty: { ...amfOrderTerms().penalty, perDay: { cents: perDayCents, currency: 'CAD' } } }),
    }, ctx);

  it('sums its own orders only, and reads no other organization’s order (their ledgers can hold thousands of days)', async () => {
    await issue('a1', 'org-a', 1_000_000);
    await issue('a2', 'org-a', 500_000);
    await issue('b1', 'org-b', 700_000);
    await runPenaltyClock(store, new Date('2021-03-20T12:00:00Z')); // 13–19 March: 7 days each
    const read: string[] = [];
    const spy: EventStore = Object.create(store, { readStream: { value: (s: string, o?: never) => (read.push(s), store.readStream(s, o)) } });
    const e = await new GetOrganizationExposureHandler(spy, new FixedClock(new Date('2021-03-20T12:00:00Z'))).execute(new GetOrganizationExposureQuery('org-a'));
    expect(e).toMatchObject({ organizationId: 'org-a', orders: 2, daysCounted: 14, outstanding: { cents: 7 * 1_500_000 } });
    expect(e.byOrder.map((o) => o.orderId)).toEqual(['a1', 'a2']);
    expect(read).toEqual([orderStream('a1'), orderStream('a2')]);
  });
});
