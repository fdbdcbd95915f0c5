export class GetOrganizationQuery {
  constructor(readonly organizationId: string) {}
}
