export class GetIncidentQuery {
  constructor(
    readonly incidentId: string,
    /** The moment obligations are judged at (default: now). */
    readonly asOf?: Date,
  ) {}
}
