import { GetComplianceStatusQuery, GetRegisterQuery, ListIncidentsQuery, ListObligationsQuery, ListOrdersQuery } from '@app/projections';
import type { CalendarEntry } from '@app/projections';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AsOfReadQueryDto, IncidentListQueryDto, ObligationsQueryDto, OrderListQueryDto, RegisterQueryDto } from '../http/read-query.dto';
import { ReadYourWrites } from '../http/read-your-writes';
import { UuidParam } from '../http/uuid-param';

/** Queries served by the projections (read models). */
@ApiTags('read models')
@Controller('api/v1')
export class ReadModelsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('organizations/:id/compliance')
  @ReadYourWrites()
  compliance(@UuidParam('id') id: string, @Query() q: AsOfReadQueryDto) {
    return this.queries.execute(new GetComplianceStatusQuery(id, q.asOf ? new Date(q.asOf) : undefined));
  }

  @Get('obligations')
  @ReadYourWrites()
  obligations(@Query() q: ObligationsQueryDto) {
    return this.queries.execute(
      new ListObligationsQuery({
        organizationId: q.organizationId,
        when: q.when?.split(',') as CalendarEntry['when'][] | undefined,
        from: q.from ? new Date(q.from).toISOString() : undefined,
        to: q.to ? new Date(q.to).toISOString() : undefined,
      }),
    );
  }

  @Get('register')
  @ReadYourWrites()
  register(@Query() q: RegisterQueryDto) {
    return this.queries.execute(new GetRegisterQuery(q.organizationId.toLowerCase()));
  }

  @Get('incidents')
  @ReadYourWrites()
  incidents(@Query() q: IncidentListQueryDto) {
    return this.queries.execute(new ListIncidentsQuery({ organizationId: q.organizationId, status: q.status ? [q.status] : undefined, kind: q.kind }, { limit: q.limit ?? 50, cursor: q.cursor }));
  }

  @Get('orders')
  @ReadYourWrites()
  orders(@Query() q: OrderListQueryDto) {
    return this.queries.execute(new ListOrdersQuery({ organizationId: q.organizationId, status: q.status ? [q.status] : undefined }, { limit: q.limit ?? 50, cursor: q.cursor }));
  }
}
