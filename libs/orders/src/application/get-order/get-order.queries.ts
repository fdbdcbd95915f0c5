import type { PageRequest } from '@app/kernel';
import type { LedgerGrain } from '../../domain/ledger';

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

/** The order's penalty ledger, a page of lines at a time in the order recorded. */
export class GetLedgerQuery {
  constructor(
    readonly orderId: string,
    readonly page: PageRequest,
  ) {}
}

/** The order's penalty ledger summed by day or by month (the grain that fits it unless given). */
export class GetLedgerSeriesQuery {
  constructor(
    readonly orderId: string,
    readonly grain?: LedgerGrain,
  ) {}
}
