import type { Principal } from '@app/auth';
import { CommandContext, createdId } from '@app/event-store';
import { DeclareIncidentCommand, GetIncidentQuery, IncidentView, RecordIncidentFactCommand } from '@app/incidents';
import { GetOrderExposureQuery, IssueOrderCommand, OrderFactCommand, RecordOrderFactCommand } from '@app/orders';
import { ChangeOrganizationProfileCommand, ConfigureRemindersCommand, RegisterOrganizationCommand } from '@app/organizations';
import { GetComplianceStatusQuery, GetRegisterQuery, ListIncidentsQuery, ListObligationsQuery, ListOrdersQuery, ListRemindersQuery, ReminderDoc } from '@app/projections';
import type { CalendarEntry as DomainCalendarEntry, ComplianceStatus as DomainStatus, RegisterEntry as DomainEntry } from '@app/projections';
import { Clock, CLOCK } from '@app/kernel';
import { Inject } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, adminOnly, CurrentPrincipal, read, write } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { Lang } from '../http/i18n';
import { incidentCommands, toFacts } from '../incidents/incident-commands';
import {
  AmendIncidentFactsDto,
  AssessRiskDto,
  CloseIncidentDto,
  ContainIncidentDto,
  DeclareIncidentDto,
  DeferPersonsNotificationDto,
  RecordMitigationDto,
  RecordNotificationDto,
  WaiveObligationDto,
} from '../incidents/incidents.dto';
import { orderCommands, toTerms } from '../orders/order-commands';
import { CompleteMeasureDto, ComplianceRestoredDto, IssueOrderDto, LiftOrderDto, NonComplianceDto, PaymentDto, SubmitReportDto } from '../orders/orders.dto';
import { ChangeOrganizationProfileDto, RegisterOrganizationDto, toProfile } from '../organizations/organizations.dto';
import { ReminderSettingsDto, toReminderSettings } from '../reminders/reminders.dto';
import { IncidentListQueryDto, obligationsFilter, ObligationsQueryDto, OrderListQueryDto, RegisterQueryDto } from '../http/read-query.dto';
import { ComplianceArgs, ExposureArgs, IncidentArgs, RemindersArgs } from './args';
import * as map from './mappers';
import { CalendarPage, CommandResult, ComplianceStatus, Exposure, IncidentDetail, IncidentPage, OrderPage, RegisterEntry, ReminderPage } from './types';

interface GqlCtx {
  req: { user?: Principal; correlationId?: string; headers: Record<string, string | string[] | undefined> };
  lang: Lang;
}

const ctxOf = (c: GqlCtx): CommandContext => {
  const key = c.req.headers['idempotency-key'];
  return { actor: c.req.user?.sub ?? 'anonymous', correlationId: c.req.correlationId ?? 'graphql', ...(typeof key === 'string' && key ? { idempotencyKey: key } : {}) };
};
const result = (r: { id: string; revision: number | 'no_stream'; position: number | null }): CommandResult => ({ id: r.id, revision: r.revision === 'no_stream' ? null : r.revision, position: r.position });

const INCIDENT = { from: 'incident', param: 'id' } as const;
const ORDER = { from: 'order', param: 'id' } as const;

/** The same commands and queries as REST, through the same buses; authorization by the same guard and rules. */
@Resolver()
export class VigieResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly scope: ScopeService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // ---- queries -------------------------------------------------------------------------

  @Query(() => ComplianceStatus)
  @Access(read({ from: 'param', name: 'organizationId' }))
  async complianceStatus(@Args() { organizationId, asOf }: ComplianceArgs, @Context() c: GqlCtx) {
    const s = await this.queries.execute<GetComplianceStatusQuery, DomainStatus & { organizationName: string }>(new GetComplianceStatusQuery(organizationId.toLowerCase(), asOf ? new Date(asOf) : undefined));
    return map.complianceStatus(s, c.lang);
  }

  @Query(() => CalendarPage)
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  async obligations(@CurrentPrincipal() p: Principal, @Context() c: GqlCtx, @Args() q: ObligationsQueryDto) {
    const r = await this.queries.execute<ListObligationsQuery, { items: DomainCalendarEntry[]; nextCursor: string | null; total: number; counts: { overdue: number; due_soon: number; open: number } }>(
      new ListObligationsQuery(await obligationsFilter(q, this.scope.orgs(p)), { limit: q.limit ?? 50, cursor: q.cursor }),
    );
    return {
      items: r.items.map((e) => ({ ...e, title: e.title[c.lang], obligation: e.obligation && map.obligation(e.obligation, c.lang), duty: e.duty && { ...e.duty, title: e.duty.title[c.lang] } })),
      nextCursor: r.nextCursor,
      total: r.total,
      counts: { overdue: r.counts.overdue, dueSoon: r.counts.due_soon, open: r.counts.open },
    };
  }

  @Query(() => IncidentPage)
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  async incidents(@CurrentPrincipal() p: Principal, @Args() { organizationId, status, kind, limit, cursor }: IncidentListQueryDto) {
    return this.queries.execute(new ListIncidentsQuery({ organizationId: organizationId?.toLowerCase(), scope: await this.scope.orgs(p), status: status ? [status] : undefined, kind }, { limit: limit ?? 50, cursor }));
  }

  @Query(() => IncidentDetail)
  @Access(read(INCIDENT))
  async incident(@Args() { id, asOf }: IncidentArgs, @Context() c: GqlCtx): Promise<IncidentDetail> {
    const v = await this.queries.execute<GetIncidentQuery, IncidentView>(new GetIncidentQuery(id.toLowerCase(), asOf ? new Date(asOf) : undefined));
    return {
      id: v.incidentId,
      organizationId: v.organization.id,
      title: v.facts.title,
      description: v.facts.description,
      kind: v.facts.kind,
      status: v.status,
      awareAt: v.facts.awareAt,
      declaredAt: v.declaredAt,
      personsConcerned: v.facts.persons.count,
      revision: v.revision,
      obligations: v.obligations.map((o) => map.obligation(o, c.lang)),
      rulePacks: v.rulePacks.map((p) => map.rulePack(p, c.lang)),
      retention: v.retention,
    };
  }

  @Query(() => OrderPage)
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  async orders(@CurrentPrincipal() p: Principal, @Args() { organizationId, status, limit, cursor }: OrderListQueryDto) {
    const r = await this.queries.execute<ListOrdersQuery, { items: (Record<string, unknown> & { outstanding: { cents: number; currency: string; display: { fr: string; en: string } } })[]; nextCursor: string | null }>(
      new ListOrdersQuery({ organizationId: organizationId?.toLowerCase(), scope: await this.scope.orgs(p), status: status ? [status] : undefined }, { limit: limit ?? 50, cursor }),
    );
    return { ...r, items: r.items.map((i) => ({ ...i, outstanding: map.money(i.outstanding) })) };
  }

  @Query(() => Exposure)
  @Access(read(ORDER))
  async exposure(@Args() { id, asOf, forecastOn }: ExposureArgs, @Context() c: GqlCtx) {
    return map.exposure(await this.queries.execute(new GetOrderExposureQuery(id.toLowerCase(), asOf ? new Date(asOf) : undefined, forecastOn)), c.lang);
  }

  @Query(() => [RegisterEntry])
  @Access(read({ from: 'query', name: 'organizationId' }))
  async register(@Args() { organizationId }: RegisterQueryDto) {
    const r = await this.queries.execute<GetRegisterQuery, { entries: DomainEntry[] }>(new GetRegisterQuery(organizationId.toLowerCase()));
    return r.entries.map(map.registerEntry);
  }

  @Query(() => ReminderPage)
  @Access(read({ from: 'param', name: 'organizationId' }))
  async reminders(@Args() { organizationId, trigger, limit, cursor }: RemindersArgs, @Context() c: GqlCtx) {
    const r = await this.queries.execute<ListRemindersQuery, { items: ReminderDoc[]; nextCursor: string | null }>(
      new ListRemindersQuery(organizationId.toLowerCase(), { trigger: trigger ? [trigger] : undefined }, { limit: limit ?? 50, cursor }),
    );
    return { items: r.items.map((x) => map.reminder(x, c.lang)), nextCursor: r.nextCursor };
  }

  // ---- mutations ---------------------------------------------------------------------------

  @Mutation(() => CommandResult)
  @Access(write({ from: 'param', name: 'organizationId' }))
  async configureReminders(
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('input') d: ReminderSettingsDto,
    @Context() c: GqlCtx,
    @Args('expectedRevision', { type: () => Int, nullable: true }) rev?: number,
  ) {
    return result(await this.commands.execute(new ConfigureRemindersCommand(organizationId.toLowerCase(), toReminderSettings(d), this.clock.now().toISOString(), ctxOf(c), rev)));
  }

  @Mutation(() => CommandResult, { description: 'A new privacy officer, name, NEQ, sector or jurisdiction: the whole profile and why' })
  @Access(write({ from: 'param', name: 'organizationId' }))
  async changeOrganizationProfile(
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('input') d: ChangeOrganizationProfileDto,
    @Context() c: GqlCtx,
    @Args('expectedRevision', { type: () => Int, nullable: true }) rev?: number,
  ) {
    return result(await this.commands.execute(new ChangeOrganizationProfileCommand(organizationId.toLowerCase(), toProfile(d), d.reason, this.clock.now().toISOString(), ctxOf(c), rev)));
  }

  @Mutation(() => CommandResult)
  @Access(adminOnly)
  async registerOrganization(@Args('input') d: RegisterOrganizationDto, @Context() c: GqlCtx) {
    const ctx = ctxOf(c);
    return result(await this.commands.execute(new RegisterOrganizationCommand(createdId(ctx), toProfile(d), this.clock.now().toISOString(), ctx)));
  }

  @Mutation(() => CommandResult)
  @Access(write({ from: 'body', name: 'organizationId' }))
  async declareIncident(@Args('input') d: DeclareIncidentDto, @Context() c: GqlCtx) {
    const ctx = ctxOf(c);
    return result(await this.commands.execute(new DeclareIncidentCommand(createdId(ctx), d.organizationId.toLowerCase(), toFacts(d), ctx)));
  }

  private incidentFact(id: string, command: ReturnType<(typeof incidentCommands)[keyof typeof incidentCommands]>, c: GqlCtx, revision?: number) {
    return this.commands.execute(new RecordIncidentFactCommand(id.toLowerCase(), command, ctxOf(c), revision)).then(result);
  }

  @Mutation(() => CommandResult)
  @Access(write(INCIDENT))
  amendIncidentFacts(@Args('id', { type: () => ID }) id: string, @Args('input') d: AmendIncidentFactsDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true }) rev?: number) {
    return this.incidentFact(id, incidentCommands.amend(d), c, rev);
  }

  @Mutation(() => CommandResult)
  @Access(write(INCIDENT))
  assessRisk(@Args('id', { type: () => ID }) id: string, @Args('input') d: AssessRiskDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true }) rev?: number) {
    return this.incidentFact(id, incidentCommands.assess(d), c, rev);
  }

  @Mutation(() => CommandResult)
  @Access(write(INCIDENT))
  recordNotification(@Args('id', { type: () => ID }) id: string, @Args('input') d: RecordNotificationDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true }) rev?: number) {
    return this.incidentFact(id, incidentCommands.notify(d), c, rev);
  }

  @Mutation(() => CommandResult)
  @Access(write(INCIDENT))
  deferPersonsNotification(@Args('id', { type: () => ID }) id: string, @Args('input') d: DeferPersonsNotificationDto, @Context() c: GqlCtx) {
    return this.incidentFact(id, incidentCommands.defer(d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write(INCIDENT))
  recordMitigation(@Args('id', { type: () => ID }) id: string, @Args('input') d: RecordMitigationDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true }) rev?: number) {
    return this.incidentFact(id, incidentCommands.mitigate(d), c, rev);
  }

  @Mutation(() => CommandResult)
  @Access(write(INCIDENT))
  containIncident(@Args('id', { type: () => ID }) id: string, @Args('input') d: ContainIncidentDto, @Context() c: GqlCtx) {
    return this.incidentFact(id, incidentCommands.contain(d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write(INCIDENT))
  closeIncident(@Args('id', { type: () => ID }) id: string, @Args('input') d: CloseIncidentDto, @Context() c: GqlCtx) {
    return this.incidentFact(id, incidentCommands.close(d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write(INCIDENT))
  waiveObligation(@Args('id', { type: () => ID }) id: string, @Args('obligationId') obligationId: string, @Args('input') d: WaiveObligationDto, @Context() c: GqlCtx) {
    return this.incidentFact(id, incidentCommands.waive(obligationId, d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write({ from: 'body', name: 'organizationId' }))
  async issueOrder(@Args('input') d: IssueOrderDto, @Context() c: GqlCtx) {
    const ctx = ctxOf(c);
    return result(await this.commands.execute(new IssueOrderCommand(createdId(ctx), toTerms(d), ctx)));
  }

  private orderFact(id: string, command: OrderFactCommand, c: GqlCtx) {
    return this.commands.execute(new RecordOrderFactCommand(id.toLowerCase(), command, ctxOf(c))).then(result);
  }

  @Mutation(() => CommandResult)
  @Access(write(ORDER))
  completeCorrectiveMeasure(@Args('id', { type: () => ID }) id: string, @Args('measureId') measureId: string, @Args('input') d: CompleteMeasureDto, @Context() c: GqlCtx) {
    return this.orderFact(id, orderCommands.complete(measureId, d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write(ORDER))
  submitComplianceReport(@Args('id', { type: () => ID }) id: string, @Args('input') d: SubmitReportDto, @Context() c: GqlCtx) {
    return this.orderFact(id, orderCommands.report(d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write(ORDER))
  recordNonCompliance(@Args('id', { type: () => ID }) id: string, @Args('input') d: NonComplianceDto, @Context() c: GqlCtx) {
    return this.orderFact(id, orderCommands.nonCompliance(d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write(ORDER))
  recordComplianceRestored(@Args('id', { type: () => ID }) id: string, @Args('input') d: ComplianceRestoredDto, @Context() c: GqlCtx) {
    return this.orderFact(id, orderCommands.restored(d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write(ORDER))
  liftOrder(@Args('id', { type: () => ID }) id: string, @Args('input') d: LiftOrderDto, @Context() c: GqlCtx) {
    return this.orderFact(id, orderCommands.lift(d), c);
  }

  @Mutation(() => CommandResult)
  @Access(write(ORDER))
  recordPenaltyPayment(@Args('id', { type: () => ID }) id: string, @Args('input') d: PaymentDto, @Context() c: GqlCtx) {
    return this.orderFact(id, orderCommands.pay(d), c);
  }
}
