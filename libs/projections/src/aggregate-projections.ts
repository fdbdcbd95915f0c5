import { deliveriesProjection } from '@app/delivery';
import { asDomainEvent, domainEventsWith, RecordedEvent } from '@app/event-store';
import { IncidentEvent, incidentDecider, IncidentState, OpenIncident } from '@app/incidents';
import { IssuedOrder, orderDecider, OrderEvent, OrderState } from '@app/orders';
import { organizationDecider, OrganizationEvent, OrganizationState } from '@app/organizations';
import type { Projection } from './projection';
import { snapshotsProjection } from './snapshots-projection';

/**
 * The read models are the aggregates' own folds (the deciders' evolve, upcast), stored
 * as documents: queries then judge time-dependent things (overdue, due soon, exposure)
 * at the moment they are asked, from one pure source of truth.
 */
const streamKey = (prefix: string) => (e: RecordedEvent) => (e.streamId.startsWith(prefix) ? e.streamId.slice(prefix.length) : null);

const toIncident = domainEventsWith<IncidentEvent>(incidentDecider.upcasters);

/** An incident as the lists show it (REST, GraphQL, the dashboard). */
export interface IncidentSummary {
  id: string;
  organizationId: string;
  organizationName: string;
  title: string;
  kind: string;
  status: OpenIncident['status'];
  awareAt: string;
  declaredAt: string;
  personsConcerned: number;
}

export const incidentsProjection: Omit<Projection<OpenIncident>, 'summarize'> & { summarize(d: OpenIncident): IncidentSummary } = {
  name: 'incidents',
  // v2: documents carry their list item (summary); v3: and when the register's view of them last changed, as recorded;
  // v4: affected persons without their ciphertexts.
  version: 4,
  keyOf: streamKey('incident-'),
  evolve(doc, e) {
    const next = incidentDecider.evolve((doc ?? incidentDecider.initialState()) as IncidentState, toIncident(e));
    return next.status === 'none' ? null : next;
  },
  index: (d) => ({ org: d.organization.id, status: d.status, kind: d.facts.kind, sort: d.declaredAt }),
  /**
   * The read models hold no one's contact details, even encrypted: an affected person is
   * its id and when it was forgotten. The ciphertexts stay in the log, where the contact
   * list reads them; a copy here made every read of the organization's incidents parse
   * them (40,000 persons: an 8 MB document per compliance status, register or list).
   */
  serialize: (d) => JSON.stringify(d.affectedPersons?.length ? { ...d, affectedPersons: d.affectedPersons.map((p) => ({ personId: p.personId, ciphertext: '', forgottenAt: p.forgottenAt })) } : d),
  deserialize: (t) => JSON.parse(t),
  summarize: (i) => ({
    id: i.incidentId,
    organizationId: i.organization.id,
    organizationName: i.organization.name,
    title: i.facts.title,
    kind: i.facts.kind,
    status: i.status,
    awareAt: i.facts.awareAt,
    declaredAt: i.declaredAt,
    personsConcerned: i.facts.persons.count,
  }),
};

/**
 * A ledger day as stored: [day, times accrued, times reversed, amount in cents]. Money has
 * one currency (CAD); a second one would need its code here, and a new version.
 */
type StoredDay = [day: string, accrued: number, reversed: number, cents: number];
type StoredOrder = Omit<IssuedOrder, 'ledger'> & { ledger: StoredDay[] };

export const ordersProjection: Projection<IssuedOrder> = {
  name: 'orders',
  // v2: documents carry the moment the order was recorded (its catch-up of overdue reports);
  // v3: ledger days without the duties each missed (nothing read them: the events keep them);
  // v4: ledger days as [day, accrued, reversed, cents] (26 bytes a day, not 86: an order
  // accruing for years is read, parsed and written a third as long).
  version: 4,
  keyOf: streamKey('order-'),
  evolve(doc, e) {
    const next = orderDecider.evolve((doc ?? orderDecider.initialState()) as OrderState, asDomainEvent<OrderEvent>(e));
    return next.status === 'none' ? null : next;
  },
  index: (d) => ({ org: d.terms.organizationId, status: d.status, kind: d.terms.regulator, sort: d.terms.issuedAt }),
  serialize: (d) => JSON.stringify({ ...d, ledger: Array.from(d.ledger, ([day, e]): StoredDay => [day, e.accrued, e.reversed, e.amount.cents]) } satisfies StoredOrder),
  deserialize: (t) => {
    const s = JSON.parse(t) as StoredOrder;
    return { ...s, ledger: new Map(s.ledger.map(([day, accrued, reversed, cents]) => [day, { accrued, reversed, amount: { cents, currency: 'CAD' } }])) };
  },
};

export type OrganizationDoc = Extract<OrganizationState, { status: 'registered' }>;

export const organizationsProjection: Projection<OrganizationDoc> = {
  name: 'organizations',
  // v2: documents carry the reminder settings.
  version: 2,
  keyOf: streamKey('organization-'),
  evolve(doc, e) {
    const next = organizationDecider.evolve((doc ?? organizationDecider.initialState()) as OrganizationState, asDomainEvent<OrganizationEvent>(e));
    return next.status === 'registered' ? next : null;
  },
  index: (d) => ({ org: d.organizationId, status: d.status, kind: null, sort: d.profile.name }),
  serialize: (d) => JSON.stringify(d),
  deserialize: (t) => JSON.parse(t),
};

/** A reminder as recorded (ReminderDue, see @app/reminders), with the moment it was recorded: what the dashboard lists. */
export interface ReminderDoc {
  reminderId: string;
  organizationId: string;
  trigger: 'due_soon' | 'overdue' | 'penalty_day';
  /** For penalty days: `day`, or for a catch-up summed up in one reminder, `from`, `to` and how many `days`. */
  subject: { key: string; incidentId?: string; orderId?: string; obligationId?: string; duty?: string; day?: string; from?: string; to?: string; days?: number; measures?: number; reports?: number };
  title: { en: string; fr: string };
  message: { en: string; fr: string };
  dueAt: string | null;
  triggeredAt: string;
  percent: number | null;
  amount: { cents: number; currency: 'CAD' } | null;
  recordedAt: string;
}

/** A reminder as listed: as recorded, and how many of the penalty days it announced were reversed since (null for other triggers). */
export type ListedReminder = ReminderDoc & { daysReversedSince: number | null };

export const remindersProjection: Projection<ReminderDoc> = {
  name: 'reminders',
  version: 1,
  keyOf: (e) => (e.type === 'ReminderDue' ? e.streamId : null),
  evolve: (doc, e) => (e.type === 'ReminderDue' ? { ...(e.data as unknown as Omit<ReminderDoc, 'recordedAt'>), recordedAt: e.metadata.occurredAt } : doc),
  index: (d) => ({ org: d.organizationId, status: d.trigger, kind: d.trigger, sort: d.triggeredAt }),
  serialize: (d) => JSON.stringify(d),
  deserialize: (t) => JSON.parse(t),
};

export const ALL_PROJECTIONS = [organizationsProjection, incidentsProjection, ordersProjection, remindersProjection, deliveriesProjection, snapshotsProjection] as Projection<unknown>[];
