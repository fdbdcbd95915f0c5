import { CommandContext, createdId } from '@app/event-store';
import { DomainError } from '@app/kernel';
import { CommandResult, DeclareIncidentCommand, GetIncidentQuery, IncidentFactCommand, IncidentView, RecordIncidentFactCommand } from '@app/incidents';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, read, write } from '../auth/auth.decorators';
import { IfMatchRevision } from '../http/if-match';
import { incidentCommands, toFacts } from './incident-commands';
import { Ctx } from '../http/request-context';
import { UuidParam } from '../http/uuid-param';
import {
  AmendIncidentFactsDto,
  AsOfQueryDto,
  AssessRiskDto,
  CloseIncidentDto,
  ContainIncidentDto,
  DeclareIncidentDto,
  DeferPersonsNotificationDto,
  OBLIGATION_ID,
  RecordMitigationDto,
  RecordNotificationDto,
  WaiveObligationDto,
} from './incidents.dto';

const INCIDENT = { from: 'incident', param: 'id' } as const;

/** Thin transport: validate, build the command, dispatch. The rules live in the incident decider. */
@ApiTags('incidents')
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Access(write({ from: 'body', name: 'organizationId' }))
  async declare(@Body() dto: DeclareIncidentDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: FastifyReply): Promise<CommandResult> {
    const id = createdId(ctx);
    const r = await this.commands.execute<DeclareIncidentCommand, CommandResult>(new DeclareIncidentCommand(id, dto.organizationId.toLowerCase(), toFacts(dto), ctx));
    res.header('Location', `/api/v1/incidents/${id}`);
    return r;
  }

  @Get(':id')
  @Access(read(INCIDENT))
  get(@UuidParam('id') id: string, @Query() q: AsOfQueryDto): Promise<IncidentView> {
    return this.queries.execute(new GetIncidentQuery(id, q.asOf ? new Date(q.asOf) : undefined));
  }

  private record(id: string, command: IncidentFactCommand, ctx: CommandContext, expected?: number): Promise<CommandResult> {
    return this.commands.execute(new RecordIncidentFactCommand(id, command, ctx, expected));
  }

  @Post(':id/amendments')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision you read; 409 if someone wrote since' })
  amend(@UuidParam('id') id: string, @Body() dto: AmendIncidentFactsDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.amend(dto), ctx, rev);
  }

  @Post(':id/risk-assessments')
  @HttpCode(201)
  @Access(write(INCIDENT))
  assess(@UuidParam('id') id: string, @Body() dto: AssessRiskDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.assess(dto), ctx, rev);
  }

  @Post(':id/notifications')
  @HttpCode(201)
  @Access(write(INCIDENT))
  notify(@UuidParam('id') id: string, @Body() dto: RecordNotificationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(
      id,
      incidentCommands.notify(dto),
      ctx,
      rev,
    );
  }

  @Post(':id/notification-deferrals')
  @HttpCode(201)
  @Access(write(INCIDENT))
  defer(@UuidParam('id') id: string, @Body() dto: DeferPersonsNotificationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.defer(dto), ctx, rev);
  }

  @Post(':id/mitigations')
  @HttpCode(201)
  @Access(write(INCIDENT))
  mitigate(@UuidParam('id') id: string, @Body() dto: RecordMitigationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.mitigate(dto), ctx, rev);
  }

  @Post(':id/containment')
  @HttpCode(201)
  @Access(write(INCIDENT))
  contain(@UuidParam('id') id: string, @Body() dto: ContainIncidentDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.contain(dto), ctx, rev);
  }

  @Post(':id/closure')
  @HttpCode(201)
  @Access(write(INCIDENT))
  close(@UuidParam('id') id: string, @Body() dto: CloseIncidentDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.close(dto), ctx, rev);
  }

  @Post(':id/obligations/:obligationId/waiver')
  @HttpCode(201)
  @Access(write(INCIDENT))
  waive(@UuidParam('id') id: string, @Param('obligationId') obligationId: string, @Body() dto: WaiveObligationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    if (!OBLIGATION_ID.test(obligationId)) {
      throw DomainError.validation([{ field: 'obligationId', rule: 'obligationId', message: { en: 'not an obligation id', fr: 'n’est pas un identifiant d’obligation' } }]);
    }
    return this.record(id, incidentCommands.waive(obligationId, dto), ctx, rev);
  }
}
