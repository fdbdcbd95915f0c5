import type { PageRequest } from '@app/kernel';

export class GetOrderQuery {
  constructor(readonly orderId: string) {}
}

/** The order's periods of non-compliance now, a page at a time. */
export class ListNonComplianceQuery {
  constructor(
    readonly orderId: string,
    readonly page: PageRequest,
  ) {}
}

export class GetOrderExposureQuery {
  constructor(
    readonly orderId: string,
    readonly asOf?: Date,
    readonly forecastOn?: string,
  ) {}
}

export class GetOrganizationExposureQuery {
  constructor(
    readonly organizationId: string,
    readonly asOf?: Date,
    readonly forecastOn?: string,
  ) {}
}
