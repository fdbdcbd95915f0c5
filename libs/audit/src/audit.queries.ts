import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { incidentDecider, incidentStream, IncidentState, obligationsExplained, OpenIncident, withPersonsCounted } from '@app/incidents';
import { Clock, CLOCK, DomainError, PageRequest, TurnTaker } from '@app/kernel';
import { IssuedOrder, LedgerGrain, ledgerLines, ledgerSeries, nonComplianceCounted, nonCompliancePage, orderDecider, OrderState, orderStream, orderExposure } from '@app/orders';
import { complianceStatus, incidentsProjection, liveDocs, ordersProjection, organizationsProjection, PROJECTION_RUNNER, ProjectionRunner, READ_MODEL_DB, ReadModelDb, registerEntries } from '@app/projections';
import { RULE_BOOK, RuleBook } from '@app/rules';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AsOf, enteredInRegister, incidentBusinessTime, judgedAt, stateAsOf } from './as-of';
import { anchorNow, verifyLog } from './verify';

/** Events as auditors read them: each names its stream (the global log mixes them all), its place in it and in the log. */
const history = (events: RecordedEvent[]) =>
  events.map((e) => ({ position: e.position, streamId: e.streamId, revision: e.revision, id: e.id, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata, hash: e.hash }));

/** What auditors ask of the history. Each answer reads only the streams involved, except verification. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(RULE_BOOK) private readonly book: RuleBook,
    @Inject(CLOCK) private readonly clock: Clock,
    /** In the server: an organization's streams are found in the read models, once they hold the log as it stands (the CLI reads them as they are). */
    @Optional() @Inject(PROJECTION_RUNNER) private readonly runner?: ProjectionRunner,
  ) {}

  /**
   * A stream's history, `limit` events from `fromRevision`: an order's stream holds a
   * penalty day a day (an order accruing since 2000 is some 10,000 events, 6 MB whole).
   * `nextRevision` is where the next page starts, null at the end; `lastRevision` says how
   * long the stream was when read.
   */
  async streamHistory(stream: string, fromRevision = 0, limit = 1000) {
    const events = await this.store.readStream(stream, { fromRevision, maxCount: limit });
    const info = await this.store.streamInfo(stream); // read after: it reaches at least the page's last event
    if (info.revision === 'no_stream') throw DomainError.notFound('STREAM_NOT_FOUND', { en: `No stream ${stream}`, fr: `Aucun flux ${stream}` });
    const last = events.at(-1)?.revision;
    const nextRevision = last !== undefined && last < info.revision ? last + 1 : null;
    return { stream, lastRevision: info.revision, events: history(events), nextRevision };
  }

  async log(after: number, limit: number, eventTypes?: string[], streamPrefix?: string) {
    const page = await this.store.readAll({ after, maxCount: limit, eventTypes, streamPrefix });
    return { events: history(page.events), nextAfter: page.nextAfter, isEnd: page.isEnd };
  }

  async incidentAsOf(id: string, asOf: AsOf) {
    const { state, events, included } = await stateAsOf<never, IncidentState>(this.store, incidentStream(id), incidentDecider as never, asOf, incidentBusinessTime);
    const at = judgedAt(asOf, events);
    if (state.status === 'none') return { asOf, judgedAt: at.toISOString(), existed: false, eventsIncluded: 0, eventsTotal: events.length };
    const { obligations, packs } = obligationsExplained(state, this.book, at);
    return { asOf, judgedAt: at.toISOString(), existed: true, eventsIncluded: included.length, eventsTotal: events.length, state: withPersonsCounted(state), obligations, rulePacks: packs };
  }

  async orderAsOf(id: string, asOf: AsOf) {
    const { state, events, included } = await stateAsOf<never, OrderState>(this.store, orderStream(id), orderDecider as never, asOf);
    const at = judgedAt(asOf, events);
    if (state.status === 'none') return { asOf, judgedAt: at.toISOString(), existed: false, eventsIncluded: 0, eventsTotal: events.length };
    return {
      asOf,
      judgedAt: at.toISOString(),
      existed: true,
      eventsIncluded: included.length,
      eventsTotal: events.length,
      terms: state.terms,
      status: state.status,
      nonCompliance: nonComplianceCounted(state, at.toISOString()),
      exposure: orderExposure(state, at.toISOString()),
    };
  }

  /** The order's periods of non-compliance as they stood at the moment, a page at a time (see `nonCompliancePage`). */
  async orderNonComplianceAsOf(id: string, asOf: AsOf, page: PageRequest) {
    const { state, events } = await stateAsOf<never, OrderState>(this.store, orderStream(id), orderDecider as never, asOf);
    const at = judgedAt(asOf, events);
    if (state.status === 'none') return { asOf, judgedAt: at.toISOString(), existed: false, total: 0, open: 0, items: [], nextCursor: null };
    return { asOf, judgedAt: at.toISOString(), existed: true, ...nonCompliancePage(state, at.toISOString(), page) };
  }

  /**
   * The order's penalty ledger summed by day or by month as it stood at the moment: with
   * `recorded`, what the ledger said then (a day accrued in a later catch-up is not in it);
   * with `business`, the days that had ended by then and the payments made.
   */
  async orderLedgerSeriesAsOf(id: string, asOf: AsOf, grain?: LedgerGrain) {
    const { state, events, included } = await stateAsOf<never, OrderState>(this.store, orderStream(id), orderDecider as never, asOf);
    const at = judgedAt(asOf, events);
    const counts = { asOf, judgedAt: at.toISOString(), eventsIncluded: included.length, eventsTotal: events.length };
    if (state.status === 'none') return { ...counts, existed: false, orderId: id, reference: null, ...ledgerSeries([], grain) };
    return { ...counts, existed: true, orderId: id, reference: state.terms.reference, ...ledgerSeries(ledgerLines(included), grain) };
  }

  /** The organization's incidents and orders folded as of the moment (those that did not exist yet drop out). */
  private async organizationAsOf(organizationId: string, asOf: AsOf) {
    // Its incidents and orders are listed by the read models: a stream they have not applied yet would be left out.
    await this.runner?.reach(await this.store.headPosition());
    const [org] = await liveDocs(this.db, organizationsProjection, { key: organizationId });
    if (!org) throw DomainError.notFound('ORGANIZATION_NOT_FOUND', { en: `No organization ${organizationId}`, fr: `Aucune organisation ${organizationId}` });
    const incidents: OpenIncident[] = [];
    const orders: IssuedOrder[] = [];
    let latest: RecordedEvent[] = [];
    // Every stream is read and folded (an organization may have thousands): other requests get a turn every TURN_BUDGET_MS of it.
    const turns = new TurnTaker();
    for (const doc of await liveDocs(this.db, incidentsProjection, { org: organizationId })) {
      const r = await stateAsOf<never, IncidentState>(this.store, incidentStream(doc.incidentId), incidentDecider as never, asOf, incidentBusinessTime);
      if (r.state.status !== 'none') incidents.push(r.state);
      for (const e of r.included) latest.push(e);
      await turns.due();
    }
    for (const doc of await liveDocs(this.db, ordersProjection, { org: organizationId })) {
      const r = await stateAsOf<never, OrderState>(this.store, orderStream(doc.orderId), orderDecider as never, asOf);
      if (r.state.status !== 'none') orders.push(r.state);
      for (const e of r.included) latest.push(e);
      await turns.due();
    }
    const at = asOf.basis === 'position' ? judgedAt(asOf, latest.sort((a, b) => a.position - b.position)) : new Date(String(asOf.at));
    return { org, incidents, orders, at, turns };
  }

  async registerAsOf(organizationId: string, asOf: AsOf) {
    const { org, incidents, at } = await this.organizationAsOf(organizationId, asOf);
    return { organizationId, organizationName: org.profile.name, asOf, judgedAt: at.toISOString(), entries: registerEntries(enteredInRegister(incidents, asOf, at), this.book) };
  }

  async complianceAsOf(organizationId: string, asOf: AsOf) {
    const { org, incidents, orders, at, turns } = await this.organizationAsOf(organizationId, asOf);
    return { organizationName: org.profile.name, asOfBasis: asOf, ...(await complianceStatus(organizationId, incidents, orders, this.book, at, () => turns.due())) };
  }

  verify() {
    return verifyLog(this.store, this.db);
  }

  anchor() {
    return anchorNow(this.store, this.db, this.clock.now());
  }
}
