import { EVENT_STORE, EventStore, loadState, RecordedEvent, asDomainEvent } from '@app/event-store';
import { assertWithinHorizon, Clock, CLOCK, DomainError, pageOf, TurnTaker } from '@app/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Exposure, orderExposure, organizationExposure } from '../../domain/exposure';
import { LedgerLine, ledgerLines, ledgerSeries } from '../../domain/ledger';
import { IssuedOrder, nonComplianceCounted, nonCompliancePage, orderDecider, OrderEvent, orderStream } from '../../domain/order';
import { listOrderIds } from '../penalty-clock/run-penalty-clock';
import { GetLedgerQuery, GetLedgerSeriesQuery, GetOrderExposureQuery, GetOrderQuery, GetOrganizationExposureQuery, ListNonComplianceQuery } from './get-order.queries';

async function loadOrder(store: EventStore, orderId: string, asOf?: Date): Promise<{ order: IssuedOrder; revision: number; events: RecordedEvent[] }> {
  const cut = asOf?.toISOString();
  // As of a business time: only the facts and ledger entries dated up to then.
  const upcast = (r: RecordedEvent) => asDomainEvent<OrderEvent>(r);
  const { events, revision } = await loadState(store, orderStream(orderId), orderDecider, upcast);
  const kept = cut ? events.filter((e) => e.metadata.occurredAt <= cut) : events;
  let state = orderDecider.initialState();
  for (const e of kept) state = orderDecider.evolve(state, upcast(e));
  if (state.status === 'none' || revision === 'no_stream') {
    throw DomainError.notFound('ORDER_NOT_FOUND', { en: `No order ${orderId}${cut ? ` as of ${cut}` : ''}`, fr: `Aucune ordonnance ${orderId}${cut ? ` au ${cut}` : ''}` });
  }
  return { order: state, revision, events };
}

/** The order's ledger from its stream, with what every view of the ledger says of the order: which it is, and what a day costs. */
async function loadLedger(store: EventStore, orderId: string) {
  const events = await store.readStream(orderStream(orderId));
  if (!events.length) throw DomainError.notFound('ORDER_NOT_FOUND', { en: `No order ${orderId}`, fr: `Aucune ordonnance ${orderId}` });
  const terms = asDomainEvent<OrderEvent>(events[0]);
  if (terms.type !== 'RegulatorOrderIssued') throw new Error(`The stream of order ${orderId} does not open with RegulatorOrderIssued`);
  const { organizationId, reference, penalty } = terms.data;
  return { order: { orderId, organizationId, reference, perDay: penalty.perDay }, lines: ledgerLines(events) };
}

const byPosition = (l: LedgerLine) => String(l.position).padStart(16, '0');

@QueryHandler(GetLedgerQuery)
export class GetLedgerHandler implements IQueryHandler<GetLedgerQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(q: GetLedgerQuery) {
    const { order, lines } = await loadLedger(this.store, q.orderId);
    const page = pageOf(lines, q.page, byPosition, (l) => l.eventId);
    return { ...order, totals: { lines: lines.length, balanceCents: lines.length ? lines[lines.length - 1].balanceCents : 0 }, lines: page.items, nextCursor: page.nextCursor };
  }
}

@QueryHandler(GetLedgerSeriesQuery)
export class GetLedgerSeriesHandler implements IQueryHandler<GetLedgerSeriesQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(q: GetLedgerSeriesQuery) {
    const { order, lines } = await loadLedger(this.store, q.orderId);
    return { ...order, ...ledgerSeries(lines, q.grain) };
  }
}

/** The order's stream, read at the application's clock. */
abstract class OrderReader {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}
}

@QueryHandler(GetOrderQuery)
export class GetOrderHandler extends OrderReader implements IQueryHandler<GetOrderQuery> {
  async execute(q: GetOrderQuery) {
    const { order, revision, events } = await loadOrder(this.store, q.orderId);
    const now = this.clock.now().toISOString();
    return {
      id: order.orderId,
      status: order.status,
      revision,
      ...order.terms,
      completions: order.completions,
      reviews: order.reviews,
      reports: order.reports,
      liftedAt: order.liftedAt,
      payments: order.payments,
      nonCompliance: nonComplianceCounted(order, now),
      exposure: orderExposure(order, now),
      history: events
        .filter((e) => e.type !== 'DailyPenaltyAccrued' && e.type !== 'PenaltyAccrualReversed')
        .map((e) => ({ revision: e.revision, type: e.type, occurredAt: e.metadata.occurredAt, recordedAt: e.metadata.recordedAt, actor: e.metadata.actor })),
    };
  }
}

@QueryHandler(ListNonComplianceQuery)
export class ListNonComplianceHandler extends OrderReader implements IQueryHandler<ListNonComplianceQuery> {
  async execute(q: ListNonComplianceQuery) {
    const { order } = await loadOrder(this.store, q.orderId);
    const now = this.clock.now().toISOString();
    return { orderId: order.orderId, asOf: now, ...nonCompliancePage(order, now, q.page) };
  }
}

@QueryHandler(GetOrderExposureQuery)
export class GetOrderExposureHandler extends OrderReader implements IQueryHandler<GetOrderExposureQuery, Exposure> {
  async execute(q: GetOrderExposureQuery): Promise<Exposure> {
    assertWithinHorizon(this.clock.now(), { asOf: q.asOf, forecastOn: q.forecastOn });
    const asOf = q.asOf ?? this.clock.now();
    const { order } = await loadOrder(this.store, q.orderId, q.asOf);
    return orderExposure(order, asOf.toISOString(), q.forecastOn);
  }
}

@QueryHandler(GetOrganizationExposureQuery)
export class GetOrganizationExposureHandler extends OrderReader implements IQueryHandler<GetOrganizationExposureQuery> {
  async execute(q: GetOrganizationExposureQuery) {
    assertWithinHorizon(this.clock.now(), { asOf: q.asOf, forecastOn: q.forecastOn });
    const asOf = q.asOf ?? this.clock.now();
    const exposures: Exposure[] = [];
    // An order accruing for decades is tens of milliseconds to fold and judge: other requests get their turns between orders.
    const turns = new TurnTaker();
    // Only this organization's orders are read: an order's organization is in the event that issued it, and never changes.
    for (const id of await listOrderIds(this.store, q.organizationId)) {
      await turns.due();
      try {
        const { order } = await loadOrder(this.store, id, q.asOf);
        if (order.terms.organizationId === q.organizationId) exposures.push(orderExposure(order, asOf.toISOString(), q.forecastOn));
      } catch (e) {
        if (!(e instanceof DomainError && e.category === 'not_found')) throw e; // issued after asOf
      }
    }
    return organizationExposure(q.organizationId, asOf.toISOString(), exposures);
  }
}
