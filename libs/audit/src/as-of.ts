import { DeciderLike, domainEventsWith, asDomainEvent, EventStore, RecordedEvent } from '@app/event-store';
import { DomainError } from '@app/kernel';

/**
 * Two questions, two times: "what was true at T" reads the events whose business time
 * (occurredAt) is at or before T; "what did we know at T" reads those recorded at or
 * before T; a position reads the log as it stood at that global position.
 */
export type AsOfBasis = 'business' | 'recorded' | 'position';

export interface AsOf {
  basis: AsOfBasis;
  /** An ISO instant for business/recorded, a position for position. */
  at: string | number;
}

/** When an event became true in the world (its business time): by default, its `occurredAt`. */
export type BusinessTime = (e: RecordedEvent) => string;
const occurredAt: BusinessTime = (e) => e.metadata.occurredAt;

/**
 * An incident is a fact of the organization's life from the moment it became aware of it,
 * even when it is declared in Vigie days later: for "what was true at T", its declaration
 * counts from the earlier of its awareness and its declaration. (Its entry in the register
 * still dates from the declaration: obligations met later are not met at T.)
 */
export const incidentBusinessTime: BusinessTime = (e) => {
  if (e.type !== 'IncidentDeclared') return e.metadata.occurredAt;
  const aware = Date.parse(String((e.data as { facts?: { awareAt?: unknown } }).facts?.awareAt));
  return Number.isFinite(aware) && aware < Date.parse(e.metadata.occurredAt) ? new Date(aware).toISOString() : e.metadata.occurredAt;
};

export function includedAt(e: RecordedEvent, asOf: AsOf, businessTime: BusinessTime = occurredAt): boolean {
  switch (asOf.basis) {
    case 'business':
      return businessTime(e) <= String(asOf.at);
    case 'recorded':
      return e.metadata.recordedAt <= String(asOf.at);
    case 'position':
      return e.position <= Number(asOf.at);
  }
}

/** The instant obligations and exposures are judged at for an as-of question. */
export function judgedAt(asOf: AsOf, events: RecordedEvent[]): Date {
  if (asOf.basis !== 'position') return new Date(String(asOf.at));
  const last = events.filter((e) => e.position <= Number(asOf.at)).pop();
  return new Date(last ? last.metadata.recordedAt : 0);
}

/** Folds one stream as of a moment: bounded by that stream's events, never the whole log. */
export async function stateAsOf<E, S>(
  store: EventStore,
  stream: string,
  decider: Pick<DeciderLike<unknown, E, S>, 'initialState' | 'evolve' | 'upcasters'>,
  asOf: AsOf,
  businessTime: BusinessTime = occurredAt,
): Promise<{ state: S; events: RecordedEvent[]; included: RecordedEvent[] }> {
  const events = await store.readStream(stream);
  if (events.length === 0) throw DomainError.notFound('STREAM_NOT_FOUND', { en: `No stream ${stream}`, fr: `Aucun flux ${stream}` });
  const included = events.filter((e) => includedAt(e, asOf, businessTime));
  const upcast = decider.upcasters ? domainEventsWith<E>(decider.upcasters) : asDomainEvent<E>;
  let state = decider.initialState();
  for (const e of included) state = decider.evolve(state, upcast(e));
  return { state, events, included };
}

/**
 * The Law 25 register as it stood at a business moment: the incidents entered (declared)
 * by then. One the organization knew of but had not entered yet is not in it; its
 * compliance status at that moment counts it as overdue. Other bases already hold only
 * what was recorded by then.
 */
export function enteredInRegister<I extends { declaredAt: string }>(incidents: I[], asOf: AsOf, at: Date): I[] {
  return asOf.basis === 'business' ? incidents.filter((i) => Date.parse(i.declaredAt) <= at.getTime()) : incidents;
}

