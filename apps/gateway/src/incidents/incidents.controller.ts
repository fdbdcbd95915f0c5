import { CommandContext, createdId } from '@app/event-store';
import { DomainError } from '@app/kernel';
import { CommandResult, DeclareIncidentCommand, GetIncidentQuery, IncidentFactCommand, IncidentFacts, IncidentView, RecordIncidentFactCommand } from '@app/incidents';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, read, write } from '../auth/auth.decorators';
import { IfMatchRevision } from '../http/if-match';
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
  OriginDto,
  PeriodDto,
  PersonalInformationDto,
  PersonsDto,
  RecordMitigationDto,
  SystemsDto,
  RecordNotificationDto,
  WaiveObligationDto,
} from './incidents.dto';

const INCIDENT = { from: 'incident', param: 'id' } as const;
const utc = (s: string) => new Date(s).toISOString();
const utcOrNull = (s: string | undefined) => (s ? utc(s) : null);

const origin = (o: OriginDto): IncidentFacts['origin'] => ({ type: o.type, name: o.name ?? null });
const period = (p: PeriodDto): IncidentFacts['occurred'] => ({ from: utc(p.from), to: utcOrNull(p.to), approximate: p.approximate });
const info = (p: PersonalInformationDto): IncidentFacts['personalInformation'] => ({ categories: p.categories, unknownReason: p.unknownReason ?? null });
const persons = (p: PersonsDto): IncidentFacts['persons'] => ({ count: p.count, approximate: p.approximate, inQuebec: p.inQuebec ?? null, inEU: p.inEU ?? null });
const systems = (s: SystemsDto): IncidentFacts['systems'] => ({ affected: s.affected, servicesDown: s.servicesDown });

function toFacts(d: DeclareIncidentDto): IncidentFacts {
  return {
    kind: d.kind,
    title: d.title,
    description: d.description,
    origin: origin(d.origin),
    occurred: period(d.occurred),
    awareAt: utc(d.awareAt),
    officerInformedAt: utcOrNull(d.officerInformedAt),
    personalInformation: info(d.personalInformation),
    persons: persons(d.persons),
    systems: systems(d.systems),
  };
}

/** Only the facts the caller sent; each nested object replaces the stored one whole. */
function toChanges(d: AmendIncidentFactsDto): Partial<IncidentFacts> {
  const c: Partial<IncidentFacts> = {};
  if (d.kind !== undefined) c.kind = d.kind;
  if (d.title !== undefined) c.title = d.title;
  if (d.description !== undefined) c.description = d.description;
  if (d.origin) c.origin = origin(d.origin);
  if (d.occurred) c.occurred = period(d.occurred);
  if (d.awareAt) c.awareAt = utc(d.awareAt);
  if (d.officerInformedAt) c.officerInformedAt = utc(d.officerInformedAt);
  if (d.personalInformation) c.personalInformation = info(d.personalInformation);
  if (d.persons) c.persons = persons(d.persons);
  if (d.systems) c.systems = systems(d.systems);
  return c;
}

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
  async declare(@Body() dto: DeclareIncidentDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response): Promise<CommandResult> {
    const id = createdId(ctx);
    const r = await this.commands.execute<DeclareIncidentCommand, CommandResult>(new DeclareIncidentCommand(id, dto.organizationId.toLowerCase(), toFacts(dto), ctx));
    res.location(`/api/v1/incidents/${id}`);
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
    return this.record(id, { type: 'AmendIncidentFacts', changes: toChanges(dto), reason: dto.reason }, ctx, rev);
  }

  @Post(':id/risk-assessments')
  @HttpCode(201)
  @Access(write(INCIDENT))
  assess(@UuidParam('id') id: string, @Body() dto: AssessRiskDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, { type: 'AssessRisk', assessment: { ...dto, assessedAt: utc(dto.assessedAt) } }, ctx, rev);
  }

  @Post(':id/notifications')
  @HttpCode(201)
  @Access(write(INCIDENT))
  notify(@UuidParam('id') id: string, @Body() dto: RecordNotificationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(
      id,
      { type: 'RecordNotification', notification: { recipient: dto.recipient, recipientName: dto.recipientName ?? null, channel: dto.channel, sentAt: utc(dto.sentAt), summary: dto.summary, evidenceRef: dto.evidenceRef ?? null } },
      ctx,
      rev,
    );
  }

  @Post(':id/notification-deferrals')
  @HttpCode(201)
  @Access(write(INCIDENT))
  defer(@UuidParam('id') id: string, @Body() dto: DeferPersonsNotificationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, { type: 'DeferPersonsNotification', reason: dto.reason, investigatingBody: dto.investigatingBody, since: utc(dto.since) }, ctx, rev);
  }

  @Post(':id/mitigations')
  @HttpCode(201)
  @Access(write(INCIDENT))
  mitigate(@UuidParam('id') id: string, @Body() dto: RecordMitigationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, { type: 'RecordMitigation', mitigation: { measure: dto.measure, description: dto.description, takenAt: utc(dto.takenAt) } }, ctx, rev);
  }

  @Post(':id/containment')
  @HttpCode(201)
  @Access(write(INCIDENT))
  contain(@UuidParam('id') id: string, @Body() dto: ContainIncidentDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, { type: 'ContainIncident', containedAt: utc(dto.containedAt) }, ctx, rev);
  }

  @Post(':id/closure')
  @HttpCode(201)
  @Access(write(INCIDENT))
  close(@UuidParam('id') id: string, @Body() dto: CloseIncidentDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, { type: 'CloseIncident', closedAt: utc(dto.closedAt), summary: dto.summary }, ctx, rev);
  }

  @Post(':id/obligations/:obligationId/waiver')
  @HttpCode(201)
  @Access(write(INCIDENT))
  waive(@UuidParam('id') id: string, @Param('obligationId') obligationId: string, @Body() dto: WaiveObligationDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    if (!OBLIGATION_ID.test(obligationId)) {
      throw DomainError.validation([{ field: 'obligationId', rule: 'obligationId', message: { en: 'not an obligation id', fr: 'n’est pas un identifiant d’obligation' } }]);
    }
    return this.record(id, { type: 'WaiveObligation', obligationId, reason: dto.reason, approver: dto.approver }, ctx, rev);
  }
}
