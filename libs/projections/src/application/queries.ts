import { deliveriesProjection } from '@app/delivery';
import { assertWithinHorizon, Clock, CLOCK, decodeCursor, DomainError, encodeCursor, pageOf, PageRequest, TurnTaker } from '@app/kernel';
import { orderStanding } from '@app/orders';
import { RULE_BOOK, RuleBook } from '@app/rules';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { incidentsProjection, ListedReminder, ordersProjection, organizationsProjection, remindersProjection } from '../aggregate-projections';
import { READ_MODEL_DB } from '../projections.tokens';
import { snapshotsProjection } from '../snapshots-projection';
import type { ReadModelDb } from '../read-model-db';
import { LiveFilter, liveDocs, liveSummaries } from '../runner';
import type { Projection } from '../projection';
import { calendarKey, calendarSort, CalendarEntry, complianceStatus, obligationsCalendar, penaltyDaysReversedSince, RegisterEntry, registerEntries } from '../views';

export class GetComplianceStatusQuery {
  constructor(
    readonly organizationId: string,
    readonly asOf?: Date,
  ) {}
}
export class ListObligationsQuery {
  constructor(
    readonly filter: { organizationId?: string; scope?: string[]; when?: CalendarEntry['when'][]; from?: string; to?: string },
    readonly page: { limit: number; cursor?: string },
  ) {}
}
export class GetRegisterQuery {
  /** Without a page: the whole register (it is one document); with one, a page of it in order of awareness. */
  constructor(
    readonly organizationId: string,
    readonly page?: { limit: number; cursor?: string },
  ) {}
}
export class ListIncidentsQuery {
  constructor(
    readonly filter: { organizationId?: string; scope?: string[]; status?: string[]; kind?: string },
    readonly page: { limit: number; cursor?: string },
  ) {}
}
export class ListOrdersQuery {
  constructor(
    readonly filter: { organizationId?: string; scope?: string[]; status?: string[] },
    readonly page: { limit: number; cursor?: string },
  ) {}
}

export class ListOrganizationsQuery {
  constructor(readonly scope: string[] | undefined) {}
}

export class ListRemindersQuery {
  constructor(
    readonly organizationId: string,
    readonly filter: { trigger?: string[] },
    readonly page: { limit: number; cursor?: string },
  ) {}
}

/** Deliveries to webhooks, newest first; `webhookIds` limits them to those webhooks (a subscriber's own). */
export class ListDeliveriesQuery {
  constructor(
    readonly filter: { webhookIds?: string[]; status?: string[] },
    readonly page: PageRequest,
  ) {}
}

/** Published snapshots, newest first: of one organization, or of those in `scope` (undefined: every one). */
export class ListSnapshotsQuery {
  constructor(
    readonly filter: { organizationId?: string; scope?: string[] },
    readonly page: PageRequest,
  ) {}
}

/**
 * A page of a projection's documents, newest first (by its sort column, then its key), and
 * the cursor of the next; `cursorOf` gives a document's sort and key as the index holds them.
 */
async function newestFirst<D>(db: ReadModelDb, p: Projection<D>, filter: LiveFilter, page: PageRequest, cursorOf: (d: D) => [string, string]): Promise<{ items: D[]; nextCursor: string | null }> {
  const docs = await liveDocs(db, p, filter, { limit: page.limit + 1, descending: true, ...decodeCursor(page.cursor) });
  const items = docs.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: docs.length > page.limit && last ? encodeCursor(...cursorOf(last)) : null };
}

const notFound = (id: string) => DomainError.notFound('ORGANIZATION_NOT_FOUND', { en: `No organization ${id}`, fr: `Aucune organisation ${id}` });

function registerPage(entries: RegisterEntry[], page: { limit: number; cursor?: string }) {
  const { items, nextCursor } = pageOf(entries, page, (e) => e.awareAt, (e) => e.incidentId);
  return { total: entries.length, entries: items, nextCursor };
}

abstract class ReadModelQuery {
  constructor(
    @Inject(READ_MODEL_DB) protected readonly db: ReadModelDb,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(RULE_BOOK) protected readonly book: RuleBook,
  ) {}

  protected async requireOrganization(id: string) {
    const [org] = await liveDocs(this.db, organizationsProjection, { key: id });
    if (!org) throw notFound(id);
    return org;
  }
}

@QueryHandler(GetComplianceStatusQuery)
export class GetComplianceStatusHandler extends ReadModelQuery implements IQueryHandler<GetComplianceStatusQuery> {
  async execute(q: GetComplianceStatusQuery) {
    assertWithinHorizon(this.clock.now(), { asOf: q.asOf });
    const org = await this.requireOrganization(q.organizationId);
    const [incidents, orders] = await Promise.all([liveDocs(this.db, incidentsProjection, { org: q.organizationId }), liveDocs(this.db, ordersProjection, { org: q.organizationId })]);
    // Thousands of incidents are thousands of deadline computations: other requests get their turns meanwhile.
    const turns = new TurnTaker();
    return { organizationName: org.profile.name, ...(await complianceStatus(q.organizationId, incidents, orders, this.book, q.asOf ?? this.clock.now(), () => turns.due())) };
  }
}

@QueryHandler(ListObligationsQuery)
export class ListObligationsHandler extends ReadModelQuery implements IQueryHandler<ListObligationsQuery> {
  async execute(q: ListObligationsQuery) {
    const where = { org: q.filter.organizationId, orgIn: q.filter.scope };
    const [incidents, orders, organizations] = await Promise.all([
      liveDocs(this.db, incidentsProjection, { ...where, status: ['open', 'contained'] }),
      liveDocs(this.db, ordersProjection, { ...where, status: ['issued'] }),
      liveDocs(this.db, organizationsProjection, where),
    ]);
    const now = this.clock.now();
    const names = new Map(organizations.map((o) => [o.organizationId, o.profile.name]));
    const all = obligationsCalendar(incidents, this.book, now, q.filter, orders, names);
    const counts = { overdue: 0, due_soon: 0, open: 0 };
    for (const e of all) counts[e.when] += 1;
    const { items, nextCursor } = pageOf(all, q.page, calendarSort, calendarKey);
    return { asOf: now.toISOString(), dueSoonHours: 72, total: all.length, counts, items, nextCursor };
  }
}

@QueryHandler(GetRegisterQuery)
export class GetRegisterHandler extends ReadModelQuery implements IQueryHandler<GetRegisterQuery> {
  async execute(q: GetRegisterQuery) {
    const org = await this.requireOrganization(q.organizationId);
    const incidents = await liveDocs(this.db, incidentsProjection, { org: q.organizationId });
    const entries = registerEntries(incidents, this.book);
    return {
      organizationId: q.organizationId,
      organizationName: org.profile.name,
      asOf: this.clock.now().toISOString(),
      source: 'CQLR c. P-39.1, s. 3.8; Regulation respecting confidentiality incidents (r. 3.1), s. 7',
      ...(q.page ? registerPage(entries, q.page) : { entries }),
    };
  }
}

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler extends ReadModelQuery implements IQueryHandler<ListIncidentsQuery> {
  async execute(q: ListIncidentsQuery) {
    const rows = await liveSummaries(this.db, incidentsProjection, { org: q.filter.organizationId, orgIn: q.filter.scope, status: q.filter.status, kind: q.filter.kind }, { limit: q.page.limit + 1, ...decodeCursor(q.page.cursor) });
    const last = rows[q.page.limit - 1];
    return { items: rows.slice(0, q.page.limit).map((r) => r.summary), nextCursor: rows.length > q.page.limit ? encodeCursor(last.sort, last.key) : null };
  }
}

@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler extends ReadModelQuery implements IQueryHandler<ListOrdersQuery> {
  async execute(q: ListOrdersQuery) {
    const now = this.clock.now().toISOString();
    const docs = await liveDocs(this.db, ordersProjection, { org: q.filter.organizationId, orgIn: q.filter.scope, status: q.filter.status }, { limit: q.page.limit + 1, ...decodeCursor(q.page.cursor) });
    const items = docs.slice(0, q.page.limit).map((o) => ({ id: o.orderId, organizationId: o.terms.organizationId, regulator: o.terms.regulator, reference: o.terms.reference, status: o.status, issuedAt: o.terms.issuedAt, ...orderStanding(o, now) }));
    const last = docs[q.page.limit - 1];
    return { items, nextCursor: docs.length > q.page.limit ? encodeCursor(last.terms.issuedAt, last.orderId) : null };
  }
}

/** The organizations in the caller's scope, by name (the dashboard's selector). */
@QueryHandler(ListOrganizationsQuery)
export class ListOrganizationsHandler extends ReadModelQuery implements IQueryHandler<ListOrganizationsQuery> {
  async execute(q: ListOrganizationsQuery) {
    const docs = await liveDocs(this.db, organizationsProjection, { orgIn: q.scope });
    return { items: docs.map((o) => ({ id: o.organizationId, name: o.profile.name, sectors: o.profile.sectors, jurisdictions: o.profile.jurisdictions })) };
  }
}

/** The reminders recorded for an organization, newest first (the dashboard's list; each was also sent as a signed webhook). */
@QueryHandler(ListRemindersQuery)
export class ListRemindersHandler extends ReadModelQuery implements IQueryHandler<ListRemindersQuery> {
  async execute(q: ListRemindersQuery) {
    await this.requireOrganization(q.organizationId);
    const { items: page, nextCursor } = await newestFirst(this.db, remindersProjection, { org: q.organizationId, status: q.filter.trigger }, q.page, (r) => [r.triggeredAt, `reminder-${r.reminderId}`]);
    // What became of the penalty days each reminder announced: the orders they are about, read once each.
    const orderIds = [...new Set(page.filter((r) => r.trigger === 'penalty_day' && r.subject.orderId).map((r) => r.subject.orderId!))];
    const orders = new Map((await Promise.all(orderIds.map((key) => liveDocs(this.db, ordersProjection, { key })))).flat().map((o) => [o.orderId, o]));
    const items = page.map((r): ListedReminder => ({ ...r, daysReversedSince: penaltyDaysReversedSince(r, r.subject.orderId ? orders.get(r.subject.orderId) : undefined) }));
    return { items, nextCursor };
  }
}

@QueryHandler(ListDeliveriesQuery)
export class ListDeliveriesHandler extends ReadModelQuery implements IQueryHandler<ListDeliveriesQuery> {
  async execute(q: ListDeliveriesQuery) {
    return newestFirst(this.db, deliveriesProjection, { orgIn: q.filter.webhookIds, status: q.filter.status }, q.page, (d) => [d.scheduledAt, d.deliveryId]);
  }
}

@QueryHandler(ListSnapshotsQuery)
export class ListSnapshotsHandler extends ReadModelQuery implements IQueryHandler<ListSnapshotsQuery> {
  async execute(q: ListSnapshotsQuery) {
    return newestFirst(this.db, snapshotsProjection, { org: q.filter.organizationId, orgIn: q.filter.scope }, q.page, (d) => [d.generatedAt, `snapshot-${d.snapshotId}`]);
  }
}

export const QUERY_HANDLERS = [ListDeliveriesHandler, ListSnapshotsHandler, GetComplianceStatusHandler, ListObligationsHandler, GetRegisterHandler, ListIncidentsHandler, ListOrdersHandler, ListRemindersHandler, ListOrganizationsHandler];
