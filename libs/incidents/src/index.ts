export * from './domain/incident';
export * from './application/declare-incident/declare-incident.command';
export * from './application/record-incident-fact/record-incident-fact.command';
export * from './application/get-incident/get-incident.query';
export type { IncidentView } from './application/get-incident/get-incident.handler';
export { IncidentsModule } from './incidents.module';
