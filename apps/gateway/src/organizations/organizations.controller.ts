import { CommandContext, createdId } from '@app/event-store';
import { Clock, CLOCK } from '@app/kernel';
import { CommandResult, GetOrganizationQuery, OrganizationView, RegisterOrganizationCommand } from '@app/organizations';
import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ListOrganizationsQuery } from '@app/projections';
import type { Principal } from '@app/auth';
import { ScopeService } from '../auth/scope.service';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, adminOnly, CurrentPrincipal, read } from '../auth/auth.decorators';
import { Ctx } from '../http/request-context';
import { UuidParam } from '../http/uuid-param';
import { CommandResultDto, RegisterOrganizationDto } from './organizations.dto';

@ApiTags('organizations')
@Controller('api/v1/organizations')
export class OrganizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly scope: ScopeService,
  ) {}

  @Get()
  @Access(read({ from: 'none' }))
  async list(@CurrentPrincipal() p: Principal) {
    return this.queries.execute(new ListOrganizationsQuery(await this.scope.orgs(p)));
  }

  @Post()
  @Access(adminOnly)
  @ApiCreatedResponse({ type: CommandResultDto })
  async register(@Body() dto: RegisterOrganizationDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: FastifyReply): Promise<CommandResult> {
    const id = createdId(ctx);
    const result = await this.commands.execute<RegisterOrganizationCommand, CommandResult>(
      new RegisterOrganizationCommand(
        id,
        { name: dto.name, quebecBusinessNumber: dto.quebecBusinessNumber ?? null, sectors: dto.sectors, jurisdictions: dto.jurisdictions, privacyOfficer: dto.privacyOfficer },
        this.clock.now().toISOString(),
        ctx,
      ),
    );
    res.header('Location', `/api/v1/organizations/${id}`);
    return result;
  }

  @Get(':id')
  @Access(read({ from: 'param', name: 'id' }))
  get(@UuidParam('id') id: string): Promise<OrganizationView> {
    return this.queries.execute(new GetOrganizationQuery(id));
  }
}
