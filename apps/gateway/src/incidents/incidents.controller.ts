import { CommandContext, newResource } from '@app/event-store';
import { DomainError } from '@app/kernel';
import { CommandResult, DeclareIncidentCommand, GetIncidentQuery, IncidentFactCommand, IncidentView, RecordIncidentFactCommand, withPersonsCounted } from '@app/incidents';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
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
import { Doc, DocCommand } from '../http/openapi';
import { RevisionETag } from '../http/etag';

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
  @DocCommand('Declare a confidentiality incident', 'Déclarer un incident de confidentialité')
  async declare(@Body() dto: DeclareIncidentDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: FastifyReply): Promise<CommandResult> {
    const { id, minted } = newResource(ctx);
    const r = await this.commands.execute<DeclareIncidentCommand, CommandResult>(new DeclareIncidentCommand(id, dto.organizationId.toLowerCase(), toFacts(dto), ctx, minted));
    res.header('Location', `/api/v1/incidents/${id}`);
    return r;
  }

  @Get(':id')
  @Access(read(INCIDENT))
  @RevisionETag()
  @Doc('An incident with its obligations, each with the rule that produced it', 'Un incident et ses obligations, chacune avec la règle qui l’a produite')
  async get(@UuidParam('id') id: string, @Query() q: AsOfQueryDto) {
    return withPersonsCounted(await this.queries.execute<GetIncidentQuery, IncidentView>(new GetIncidentQuery(id, q.asOf ? new Date(q.asOf) : undefined)));
  }

  private record(id: string, command: IncidentFactCommand, ctx: CommandContext, expected?: number): Promise<CommandResult> {
    return this.commands.execute(new RecordIncidentFactCommand(id, command, ctx, expected));
  }

  @Post(':id/amendments')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @DocCommand('Amend the incident’s facts, with a reason (history kept)', 'Modifier les faits de l’incident, avec un motif (historique conservé)', { ifMatch: true })
  amend(@UuidParam('id') id: string, @Body() dto: AmendIncidentFactsDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.amend(dto), ctx, rev);
  }

  @Post(':id/risk-assessments')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @DocCommand('Record a risk-of-serious-injury assessment', 'Consigner une évaluation du risque de préjudice sérieux', { ifMatch: true })
  assess(@UuidParam('id') id: string, @Body() dto: AssessRiskDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.assess(dto), ctx, rev);
  }

  @Post(':id/notifications')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @DocCommand('Record a notice sent (regulator, persons, police, …)', 'Consigner un avis envoyé (autorité, personnes, police, …)', { ifMatch: true })
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
  @DocCommand('Defer notifying persons while it could hamper an investigation', 'Différer l’avis aux personnes tant qu’il pourrait nuire à une enquête', { ifMatch: true })
  defer(@UuidParam('id') id: string, @Body() dto: DeferPersonsNotificationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.defer(dto), ctx, rev);
  }

  @Post(':id/mitigations')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @DocCommand('Record a measure taken to reduce the risk of injury', 'Consigner une mesure prise pour diminuer le risque de préjudice', { ifMatch: true })
  mitigate(@UuidParam('id') id: string, @Body() dto: RecordMitigationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.mitigate(dto), ctx, rev);
  }

  @Post(':id/containment')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @DocCommand('Record that the incident is contained', 'Consigner le confinement de l’incident', { ifMatch: true })
  contain(@UuidParam('id') id: string, @Body() dto: ContainIncidentDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.contain(dto), ctx, rev);
  }

  @Post(':id/closure')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @DocCommand('Close the incident', 'Clore l’incident', { ifMatch: true })
  close(@UuidParam('id') id: string, @Body() dto: CloseIncidentDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, incidentCommands.close(dto), ctx, rev);
  }

  @Post(':id/obligations/:obligationId/waiver')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @DocCommand('Waive an obligation, with a reason', 'Lever une obligation, avec un motif', { ifMatch: true })
  waive(@UuidParam('id') id: string, @Param('obligationId') obligationId: string, @Body() dto: WaiveObligationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    if (!OBLIGATION_ID.test(obligationId)) {
      throw DomainError.validation([{ field: 'obligationId', rule: 'obligationId', message: { en: 'not an obligation id', fr: 'n’est pas un identifiant d’obligation' } }]);
    }
    return this.record(id, incidentCommands.waive(obligationId, dto), ctx, rev);
  }
}
