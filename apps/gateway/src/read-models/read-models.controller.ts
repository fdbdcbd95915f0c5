import { GetComplianceStatusQuery, GetRegisterQuery, ListIncidentsQuery, ListObligationsQuery, ListOrdersQuery } from '@app/projections';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AsOfReadQueryDto, IncidentListQueryDto, obligationsFilter, ObligationsQueryDto, OrderListQueryDto, pageRequest, RegisterQueryDto } from '../http/read-query.dto';
import type { Principal } from '@app/auth';
import { Access, CurrentPrincipal, read } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { ReadYourWrites } from '../http/read-your-writes';
import { UuidParam } from '../http/uuid-param';
import { Doc } from '../http/openapi';

/** Queries served by the projections (read models). */
@ApiTags('read models')
@Controller('api/v1')
export class ReadModelsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly scope: ScopeService,
  ) {}

  @Get('organizations/:id/compliance')
  @Access(read({ from: 'param', name: 'id' }))
  @ReadYourWrites()
  @Doc('The organization’s compliance status, with every reason', 'L’état de conformité de l’organisation, avec chaque motif')
  compliance(@UuidParam('id') id: string, @Query() q: AsOfReadQueryDto) {
    return this.queries.execute(new GetComplianceStatusQuery(id, q.asOf ? new Date(q.asOf) : undefined));
  }

  @Get('obligations')
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  @ReadYourWrites()
  @Doc('The deadlines calendar: incidents’ obligations and orders’ duties', 'Le calendrier des échéances : obligations des incidents et des ordonnances')
  async obligations(@Query() q: ObligationsQueryDto, @CurrentPrincipal() p: Principal) {
    return this.queries.execute(new ListObligationsQuery(await obligationsFilter(q, this.scope.orgs(p)), pageRequest(q)));
  }

  @Get('register')
  @Access(read({ from: 'query', name: 'organizationId' }))
  @ReadYourWrites()
  @Doc('The Law 25 register of confidentiality incidents', 'Le registre Loi 25 des incidents de confidentialité')
  register(@Query() q: RegisterQueryDto) {
    const page = q.limit !== undefined || q.cursor !== undefined ? pageRequest(q) : undefined;
    return this.queries.execute(new GetRegisterQuery(q.organizationId.toLowerCase(), page));
  }

  @Get('incidents')
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  @ReadYourWrites()
  @Doc('Incidents, paged and filtered', 'Incidents, paginés et filtrés')
  async incidents(@Query() q: IncidentListQueryDto, @CurrentPrincipal() p: Principal) {
    return this.queries.execute(new ListIncidentsQuery({ organizationId: q.organizationId, scope: await this.scope.orgs(p), status: q.status ? [q.status] : undefined, kind: q.kind }, pageRequest(q)));
  }

  @Get('orders')
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  @ReadYourWrites()
  @Doc('Regulator orders, paged and filtered', 'Ordonnances, paginées et filtrées')
  async orders(@Query() q: OrderListQueryDto, @CurrentPrincipal() p: Principal) {
    return this.queries.execute(new ListOrdersQuery({ organizationId: q.organizationId, scope: await this.scope.orgs(p), status: q.status ? [q.status] : undefined }, pageRequest(q)));
  }
}
