export class GetOrderQuery {
  constructor(readonly orderId: string) {}
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
