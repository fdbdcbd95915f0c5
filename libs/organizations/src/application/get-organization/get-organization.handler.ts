import { EVENT_STORE, EventStore, loadState } from '@app/event-store';
import { DomainError } from '@app/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { organizationDecider, organizationStream, ReminderSettings } from '../../domain/organization';
import { GetOrganizationQuery } from './get-organization.query';

export interface OrganizationView {
  id: string;
  name: string;
  quebecBusinessNumber: string | null;
  sectors: string[];
  jurisdictions: string[];
  privacyOfficer: { name: string; email: string };
  registeredAt: string;
  reminders: ReminderSettings;
  revision: number;
}

@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery, OrganizationView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(q: GetOrganizationQuery): Promise<OrganizationView> {
    const { state, revision } = await loadState(this.store, organizationStream(q.organizationId), organizationDecider);
    if (state.status !== 'registered' || revision === 'no_stream') {
      throw DomainError.notFound('ORGANIZATION_NOT_FOUND', {
        en: `No organization ${q.organizationId}`,
        fr: `Aucune organisation ${q.organizationId}`,
      });
    }
    return { id: state.organizationId, ...state.profile, registeredAt: state.registeredAt, reminders: state.reminders, revision };
  }
}
