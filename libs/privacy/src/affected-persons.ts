import { AffectedPersonsCount, GetIncidentQuery, IncidentView, withPersonsCounted } from '@app/incidents';
import { PageRequest, pageOf } from '@app/kernel';
import { READ_MODEL_DB, ReadModelDb } from '@app/projections';
import { Module } from '@nestjs/common';
import { CqrsModule, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { PersonContact, PersonVault } from './person-vault';

/** An incident's affected persons, a page at a time in the order recorded, each opened with its own key (REST and GraphQL ask the same). */
export class ListAffectedPersonsQuery {
  constructor(
    readonly incidentId: string,
    readonly page: PageRequest,
  ) {}
}

export interface AffectedPersonItem {
  personId: string;
  /** True once the person's key was deleted: `contact` is then null for good. */
  forgotten: boolean;
  forgottenAt: string | null;
  contact: PersonContact | null;
}

export interface AffectedPersonsPage extends AffectedPersonsCount {
  items: AffectedPersonItem[];
  nextCursor: string | null;
}

@QueryHandler(ListAffectedPersonsQuery)
export class ListAffectedPersonsHandler implements IQueryHandler<ListAffectedPersonsQuery, AffectedPersonsPage> {
  constructor(
    private readonly queries: QueryBus,
    private readonly vault: PersonVault,
  ) {}

  async execute(q: ListAffectedPersonsQuery): Promise<AffectedPersonsPage> {
    const view = await this.queries.execute<GetIncidentQuery, IncidentView>(new GetIncidentQuery(q.incidentId));
    const all = view.affectedPersons.map((person, i) => ({ person, order: String(i).padStart(12, '0') }));
    // Persons are only ever added, so their place in the order recorded is a stable cursor.
    const page = pageOf(all, q.page, (x) => x.order, (x) => x.person.personId);
    const items: AffectedPersonItem[] = [];
    for (const { person: p } of page.items) {
      const contact = p.forgottenAt ? null : await this.vault.open(p);
      items.push({ personId: p.personId, forgotten: contact === null, forgottenAt: p.forgottenAt, contact });
    }
    return { ...withPersonsCounted(view).affectedPersons, items, nextCursor: page.nextCursor };
  }
}

/** The vault (its keys live in the read-model database, outside the event log) and the query that opens it. */
@Module({
  imports: [CqrsModule],
  providers: [{ provide: PersonVault, inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => new PersonVault(db) }, ListAffectedPersonsHandler],
  exports: [PersonVault],
})
export class PrivacyModule {}
