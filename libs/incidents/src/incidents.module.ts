import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DeclareIncidentHandler } from './application/declare-incident/declare-incident.handler';
import { GetIncidentHandler } from './application/get-incident/get-incident.handler';
import { RecordIncidentFactHandler } from './application/record-incident-fact/record-incident-fact.handler';

@Module({
  imports: [CqrsModule],
  providers: [DeclareIncidentHandler, RecordIncidentFactHandler, GetIncidentHandler],
})
export class IncidentsModule {}
