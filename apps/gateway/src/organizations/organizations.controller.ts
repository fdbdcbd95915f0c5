import { CommandContext, newResource } from '@app/event-store';
import { Clock, CLOCK } from '@app/kernel';
import { ChangeOrganizationProfileCommand, CommandResult, GetOrganizationQuery, OrganizationView, RegisterOrganizationCommand } from '@app/organizations';
import { Body, Controller, Get, Inject, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ListOrganizationsQuery } from '@app/projections';
import type { Principal } from '@app/auth';
import { ScopeService } from '../auth/scope.service';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, adminOnly, CurrentPrincipal, read, write } from '../auth/auth.decorators';
import { IfMatchRevision } from '../http/if-match';
import { Ctx } from '../http/request-context';
import { UuidParam } from '../http/uuid-param';
import { ChangeOrganizationProfileDto, RegisterOrganizationDto, toProfile } from './organizations.dto';
import { Doc, DocCommand } from '../http/openapi';
import { ReadQueryDto } from '../http/read-query.dto';
import { ReadYourWrites } from '../http/read-your-writes';
import { RevisionETag } from '../http/etag';

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
  @ReadYourWrites()
  @Doc('Organizations the caller may see', 'Organisations visibles par l’appelant')
  async list(@CurrentPrincipal() p: Principal, @Query() _q: ReadQueryDto) {
    return this.queries.execute(new ListOrganizationsQuery(await this.scope.orgs(p)));
  }

  @Post()
  @Access(adminOnly)
  @DocCommand('Register an organization (admin)', 'Inscrire une organisation (admin)')
  async register(@Body() dto: RegisterOrganizationDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: FastifyReply): Promise<CommandResult> {
    const { id, minted } = newResource(ctx);
    const result = await this.commands.execute<RegisterOrganizationCommand, CommandResult>(new RegisterOrganizationCommand(id, toProfile(dto), this.clock.now().toISOString(), ctx, minted));
    res.header('Location', `/api/v1/organizations/${id}`);
    return result;
  }

  /**
   * A new privacy officer, name, NEQ, sector or jurisdiction. The whole profile is sent,
   * with a reason kept in history; `If-Match: "<revision>"` makes it conditional (409 if
   * someone wrote since). Incidents already declared keep the organization as it was when
   * they were declared (their obligations were judged on it); new ones use the new profile.
   */
  @Put(':id/profile')
  @Access(write({ from: 'param', name: 'id' }))
  @DocCommand('Change the organization’s profile, with a reason', 'Modifier le profil de l’organisation, avec un motif', { ifMatch: true })
  changeProfile(@UuidParam('id') id: string, @Body() dto: ChangeOrganizationProfileDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number): Promise<CommandResult> {
    return this.commands.execute(new ChangeOrganizationProfileCommand(id, toProfile(dto), dto.reason, this.clock.now().toISOString(), ctx, rev));
  }

  @Get(':id')
  @Access(read({ from: 'param', name: 'id' }))
  @RevisionETag()
  @Doc('An organization and its profile', 'Une organisation et son profil')
  get(@UuidParam('id') id: string, @Query() _q: ReadQueryDto): Promise<OrganizationView> {
    return this.queries.execute(new GetOrganizationQuery(id));
  }
}
