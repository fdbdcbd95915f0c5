import { AuditService } from '@app/audit';
import type { Principal } from '@app/auth';
import { CommandContext, newResource } from '@app/event-store';
import { DeclareIncidentCommand, GetIncidentQuery, IncidentView, RecordIncidentFactCommand } from '@app/incidents';
import { GetLedgerSeriesQuery, GetOrderExposureQuery, GetOrganizationExposureQuery, GetOrderQuery, IssueOrderCommand, ListNonComplianceQuery, OrderFactCommand, RecordOrderFactCommand } from '@app/orders';
import { ChangeOrganizationProfileCommand, ConfigureRemindersCommand, GetOrganizationQuery, OrganizationView, RegisterOrganizationCommand } from '@app/organizations';
import { GetComplianceStatusQuery, GetRegisterQuery, ListIncidentsQuery, ListOrganizationsQuery, ListObligationsQuery, ListOrdersQuery, ListRemindersQuery, ListedReminder } from '@app/projections';
import type { CalendarEntry as DomainCalendarEntry, ComplianceStatus as DomainStatus, RegisterEntry as DomainEntry } from '@app/projections';
import { Clock, CLOCK } from '@app/kernel';
import { ListAffectedPersonsQuery } from '@app/privacy';
import { Inject } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { toAsOf } from '../audit/as-of.dto';
import { COST, costing } from './limits';
import { Access, adminOnly, CurrentPrincipal, read, write } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { Lang } from '../http/i18n';
import { ReadYourWritesField } from '../http/read-your-writes';
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
import { AmendOrderDto, CancelPaymentDto, CompleteMeasureDto, ComplianceRestoredDto, IssueOrderDto, LiftOrderDto, NonComplianceDto, PaymentDto, ReviewMeasureDto, SubmitReportDto } from '../orders/orders.dto';
import { ChangeOrganizationProfileDto, RegisterOrganizationDto, toProfile } from '../organizations/organizations.dto';
import { ReminderSettingsDto, toReminderSettings } from '../reminders/reminders.dto';
import { IncidentListQueryDto, obligationsFilter, ObligationsQueryDto, OrderListQueryDto, pageRequest, RegisterQueryDto } from '../http/read-query.dto';
import { AuditLedgerSeriesArgs, AuditOrganizationArgs, AuditRecordArgs, ComplianceArgs, ExposureArgs, IdArgs, IncidentArgs, LedgerSeriesArgs, OrganizationExposureArgs, RecordPageArgs, RemindersArgs } from './args';
import * as map from './mappers';
import { both, say } from '../http/bilingual';
import {
  CalendarPage,
  CommandResult,
  ComplianceAsOf,
  ComplianceStatus,
  Exposure,
  IncidentAsOf,
  AffectedPersonPage,
  OrganizationExposure,
  IncidentDetail,
  IncidentPage,
  LedgerSeries,
  LedgerSeriesAsOf,
  OrderAsOf,
  NonCompliancePage,
  OrderDetail,
  OrderPage,
  OrganizationDetail,
  OrganizationList,
  RegisterAsOf,
  RegisterEntry,
  ReminderPage,
} from './types';

interface GqlCtx {
  req: { user?: Principal; correlationId?: string; headers: Record<string, string | string[] | undefined> };
  lang: Lang;
  /** This mutation field's Idempotency-Key (set by the idempotency interceptor): the request's key and the field's alias. */
  idempotencyKey?: string;
}

const ctxOf = (c: GqlCtx): CommandContext => ({ actor: c.req.user?.sub ?? 'anonymous', correlationId: c.req.correlationId ?? 'graphql', ...(c.idempotencyKey ? { idempotencyKey: c.idempotencyKey } : {}) });
const result = (r: { id: string; revision: number | 'no_stream'; position: number | null }): CommandResult => ({ id: r.id, revision: r.revision === 'no_stream' ? null : r.revision, position: r.position });

const INCIDENT = { from: 'incident', param: 'id' } as const;
const ORDER = { from: 'order', param: 'id' } as const;
const EXPECTED_REVISION = 'The revision you read: CONCURRENCY_CONFLICT if someone wrote since / La révision lue : CONCURRENCY_CONFLICT si quelqu’un a écrit depuis';
/** A query's or a mutation's description, in English and French. */

/** The same commands and queries as REST, through the same buses; authorization by the same guard and rules. */
@Resolver()
export class VigieResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly scope: ScopeService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // ---- queries -------------------------------------------------------------------------

  @Query(() => ComplianceStatus, costing(say('The organization’s compliance status, with every reason', 'L’état de conformité de l’organisation, avec chaque motif'), COST.computed))
  @Access(read({ from: 'param', name: 'organizationId' }))
  @ReadYourWritesField()
  async complianceStatus(@Args() { organizationId, asOf }: ComplianceArgs, @Context() c: GqlCtx) {
    const s = await this.queries.execute<GetComplianceStatusQuery, DomainStatus & { organizationName: string }>(new GetComplianceStatusQuery(organizationId.toLowerCase(), asOf ? new Date(asOf) : undefined));
    return map.complianceStatus(s, c.lang);
  }

  @Query(() => CalendarPage, costing(say('The deadlines calendar: incidents’ obligations and orders’ duties', 'Le calendrier des échéances : obligations des incidents et des ordonnances'), COST.computed))
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  @ReadYourWritesField()
  async obligations(@CurrentPrincipal() p: Principal, @Context() c: GqlCtx, @Args() q: ObligationsQueryDto) {
    const r = await this.queries.execute<ListObligationsQuery, { items: DomainCalendarEntry[]; nextCursor: string | null; total: number; counts: { overdue: number; due_soon: number; open: number } }>(
      new ListObligationsQuery(await obligationsFilter(q, this.scope.orgs(p)), pageRequest(q)),
    );
    return {
      items: r.items.map((e) => ({ ...e, title: e.title[c.lang], obligation: e.obligation && map.obligation(e.obligation, c.lang), duty: e.duty && { ...e.duty, title: e.duty.title[c.lang] } })),
      nextCursor: r.nextCursor,
      total: r.total,
      counts: { overdue: r.counts.overdue, dueSoon: r.counts.due_soon, open: r.counts.open },
    };
  }

  @Query(() => IncidentPage, costing(say('Incidents, paged and filtered', 'Incidents, paginés et filtrés'), COST.read))
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  @ReadYourWritesField()
  async incidents(@CurrentPrincipal() p: Principal, @Args() { organizationId, status, kind, limit, cursor }: IncidentListQueryDto) {
    return this.queries.execute(new ListIncidentsQuery({ organizationId: organizationId?.toLowerCase(), scope: await this.scope.orgs(p), status: status ? [status] : undefined, kind }, pageRequest({ limit, cursor })));
  }

  @Query(() => IncidentDetail, costing(say('An incident with its obligations, each with the rule that produced it', 'Un incident et ses obligations, chacune avec la règle qui l’a produite'), COST.read))
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
      retention: v.retention.map((r) => ({ ...r, note: r.note[c.lang] })),
    };
  }

  @Query(() => AffectedPersonPage, costing(say('Affected persons of an incident, a page at a time in the order recorded, with their contact details (forgotten ones redacted)', 'Personnes concernées par un incident, une page à la fois dans l’ordre où elles ont été consignées, avec leurs coordonnées (les oubliées masquées)'), COST.read))
  @Access(read(INCIDENT))
  incidentAffectedPersons(@Args() { id, limit, cursor }: RecordPageArgs): Promise<AffectedPersonPage> {
    return this.queries.execute(new ListAffectedPersonsQuery(id.toLowerCase(), pageRequest({ limit, cursor })));
  }

  @Query(() => OrderPage, costing(say('Regulator orders, paged and filtered', 'Ordonnances, paginées et filtrées'), COST.read))
  @Access(read({ from: 'query', name: 'organizationId', optional: true }))
  @ReadYourWritesField()
  async orders(@CurrentPrincipal() p: Principal, @Args() { organizationId, status, limit, cursor }: OrderListQueryDto) {
    const r = await this.queries.execute<ListOrdersQuery, { items: (Record<string, unknown> & { outstanding: { cents: number; currency: string; display: { fr: string; en: string } } })[]; nextCursor: string | null }>(
      new ListOrdersQuery({ organizationId: organizationId?.toLowerCase(), scope: await this.scope.orgs(p), status: status ? [status] : undefined }, pageRequest({ limit, cursor })),
    );
    return { ...r, items: r.items.map((i) => ({ ...i, outstanding: map.money(i.outstanding) })) };
  }

  @Query(() => Exposure, costing(say('An order’s penalty exposure: accrued, pending and forecast', 'Exposition aux pénalités d’une ordonnance : cumulée, en attente et prévue'), COST.computed))
  @Access(read(ORDER))
  async exposure(@Args() { id, asOf, forecastOn }: ExposureArgs, @Context() c: GqlCtx) {
    return map.exposure(await this.queries.execute(new GetOrderExposureQuery(id.toLowerCase(), asOf ? new Date(asOf) : undefined, forecastOn)), c.lang);
  }

  @Query(() => OrganizationExposure, costing(say('An organization’s penalty exposure over all its orders, with each order’s', 'Exposition aux pénalités d’une organisation, toutes ordonnances, avec celle de chaque ordonnance'), COST.computed))
  @Access(read({ from: 'param', name: 'organizationId' }))
  async organizationExposure(@Args() { organizationId, asOf, forecastOn }: OrganizationExposureArgs, @Context() c: GqlCtx) {
    return map.organizationExposure(await this.queries.execute(new GetOrganizationExposureQuery(organizationId.toLowerCase(), asOf ? new Date(asOf) : undefined, forecastOn)), c.lang);
  }

  @Query(() => [RegisterEntry], costing(say('The Law 25 register of confidentiality incidents', 'Le registre Loi 25 des incidents de confidentialité'), COST.computed))
  @Access(read({ from: 'query', name: 'organizationId' }))
  @ReadYourWritesField()
  async register(@Args() { organizationId }: RegisterQueryDto, @Context() c: GqlCtx) {
    const r = await this.queries.execute<GetRegisterQuery, { entries: DomainEntry[] }>(new GetRegisterQuery(organizationId.toLowerCase()));
    return r.entries.map((e) => map.registerEntry(e, c.lang));
  }

  @Query(() => ReminderPage, costing(say('Reminders recorded for the organization', 'Rappels consignés pour l’organisation'), COST.read))
  @Access(read({ from: 'param', name: 'organizationId' }))
  @ReadYourWritesField()
  async reminders(@Args() { organizationId, trigger, limit, cursor }: RemindersArgs, @Context() c: GqlCtx) {
    const r = await this.queries.execute<ListRemindersQuery, { items: ListedReminder[]; nextCursor: string | null }>(
      new ListRemindersQuery(organizationId.toLowerCase(), { trigger: trigger ? [trigger] : undefined }, pageRequest({ limit, cursor })),
    );
    return { items: r.items.map((x) => map.reminder(x, c.lang)), nextCursor: r.nextCursor };
  }

  @Query(() => OrganizationList, costing(say('Organizations the caller may see', 'Organisations visibles par l’appelant'), COST.read))
  @Access(read({ from: 'none' }))
  @ReadYourWritesField()
  async organizations(@CurrentPrincipal() p: Principal): Promise<OrganizationList> {
    return this.queries.execute(new ListOrganizationsQuery(await this.scope.orgs(p)));
  }

  @Query(() => OrganizationDetail, costing(say('An organization and its profile, with its revision', 'Une organisation et son profil, avec sa révision'), COST.read))
  @Access(read({ from: 'param', name: 'id' }))
  async organization(@Args() { id }: IdArgs): Promise<OrganizationDetail> {
    return map.organization(await this.queries.execute<GetOrganizationQuery, OrganizationView>(new GetOrganizationQuery(id.toLowerCase())));
  }

  @Query(() => OrderDetail, costing(say('An order with its duties, its non-compliance and its exposure, with its revision', 'Une ordonnance, ses obligations, ses manquements et son exposition, avec sa révision'), COST.computed))
  @Access(read(ORDER))
  async order(@Args() { id }: IdArgs, @Context() c: GqlCtx): Promise<OrderDetail> {
    return map.order(await this.queries.execute<GetOrderQuery, map.OrderViewInput>(new GetOrderQuery(id.toLowerCase())), c.lang);
  }

  @Query(() => NonCompliancePage, costing(say('An order’s periods of non-compliance now, a page at a time by start', 'Les périodes de non-conformité d’une ordonnance en ce moment, une page à la fois par début'), COST.computed))
  @Access(read(ORDER))
  orderNonCompliance(@Args() { id, limit, cursor }: RecordPageArgs): Promise<NonCompliancePage> {
    return this.queries.execute(new ListNonComplianceQuery(id.toLowerCase(), pageRequest({ limit, cursor })));
  }

  @Query(() => LedgerSeries, costing(say('An order’s penalty ledger summed by day or by month (by default: days for up to 366 days of it, months beyond)', 'Le registre des pénalités d’une ordonnance, totalisé par jour ou par mois (par défaut : par jour jusqu’à 366 jours, par mois au-delà)'), COST.computed))
  @Access(read(ORDER))
  orderLedgerSeries(@Args() { id, grain }: LedgerSeriesArgs): Promise<LedgerSeries> {
    return this.queries.execute(new GetLedgerSeriesQuery(id.toLowerCase(), grain));
  }

  // ---- audit: what was true (business), or known (recorded), at a moment, or the log at a position

  @Query(() => IncidentAsOf, costing(say('An incident as of a business time, a recorded time or a position', 'Un incident à un temps métier, un temps d’enregistrement ou une position'), COST.computed))
  @Access(read(INCIDENT))
  async incidentAsOf(@Args() q: AuditRecordArgs, @Context() c: GqlCtx): Promise<IncidentAsOf> {
    return map.incidentAsOf(await this.audit.incidentAsOf(q.id.toLowerCase(), toAsOf(q, this.clock.now())), c.lang);
  }

  @Query(() => OrderAsOf, costing(say('An order as of a business time, a recorded time or a position', 'Une ordonnance à un temps métier, un temps d’enregistrement ou une position'), COST.computed))
  @Access(read(ORDER))
  async orderAsOf(@Args() q: AuditRecordArgs, @Context() c: GqlCtx): Promise<OrderAsOf> {
    return map.orderAsOf(await this.audit.orderAsOf(q.id.toLowerCase(), toAsOf(q, this.clock.now())), c.lang);
  }
  @Query(() => LedgerSeriesAsOf, costing(say('An order’s penalty ledger summed by day or by month as it stood at a moment', 'Le registre des pénalités d’une ordonnance, totalisé par jour ou par mois, tel qu’il était à un moment'), COST.computed))
  @Access(read(ORDER))
  async orderLedgerSeriesAsOf(@Args() q: AuditLedgerSeriesArgs): Promise<LedgerSeriesAsOf> {
    const { asOf, judgedAt, ...r } = await this.audit.orderLedgerSeriesAsOf(q.id.toLowerCase(), toAsOf(q, this.clock.now()), q.grain);
    return { ...r, moment: map.moment(asOf, judgedAt) };
  }


  @Query(() => RegisterAsOf, costing(say('The Law 25 register as it stood at a moment', 'Le registre Loi 25 tel qu’il était à un moment donné'), COST.computed))
  @Access(read({ from: 'param', name: 'organizationId' }))
  @ReadYourWritesField()
  async registerAsOf(@Args() q: AuditOrganizationArgs, @Context() c: GqlCtx): Promise<RegisterAsOf> {
    const r = await this.audit.registerAsOf(q.organizationId.toLowerCase(), toAsOf(q, this.clock.now()));
    return { moment: map.moment(r.asOf, r.judgedAt), organizationId: r.organizationId, organizationName: r.organizationName, entries: r.entries.map((e) => map.registerEntry(e, c.lang)) };
  }

  @Query(() => ComplianceAsOf, costing(say('The compliance status as it stood at a moment', 'L’état de conformité tel qu’il était à un moment donné'), COST.computed))
  @Access(read({ from: 'param', name: 'organizationId' }))
  @ReadYourWritesField()
  async complianceAsOf(@Args() q: AuditOrganizationArgs, @Context() c: GqlCtx): Promise<ComplianceAsOf> {
    const r = await this.audit.complianceAsOf(q.organizationId.toLowerCase(), toAsOf(q, this.clock.now()));
    return { moment: map.moment(r.asOfBasis, r.asOf), status: map.complianceStatus(r, c.lang) };
  }

  // ---- mutations ---------------------------------------------------------------------------

  @Mutation(() => CommandResult, costing(say('Set the organization’s reminder lead times and recipients', 'Régler les délais et destinataires des rappels de l’organisation'), COST.command))
  @Access(write({ from: 'param', name: 'organizationId' }))
  async configureReminders(
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('input') d: ReminderSettingsDto,
    @Context() c: GqlCtx,
    @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number,
  ) {
    return result(await this.commands.execute(new ConfigureRemindersCommand(organizationId.toLowerCase(), toReminderSettings(d), this.clock.now().toISOString(), ctxOf(c), rev)));
  }

  @Mutation(() => CommandResult, costing(say('Change the organization’s profile (privacy officer, name, NEQ, sectors, jurisdictions), with a reason', 'Modifier le profil de l’organisation (responsable, nom, NEQ, secteurs, juridictions), avec un motif'), COST.command))
  @Access(write({ from: 'param', name: 'organizationId' }))
  async changeOrganizationProfile(
    @Args('organizationId', { type: () => ID }) organizationId: string,
    @Args('input') d: ChangeOrganizationProfileDto,
    @Context() c: GqlCtx,
    @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number,
  ) {
    return result(await this.commands.execute(new ChangeOrganizationProfileCommand(organizationId.toLowerCase(), toProfile(d), d.reason, this.clock.now().toISOString(), ctxOf(c), rev)));
  }

  @Mutation(() => CommandResult, costing(say('Register an organization (admin)', 'Inscrire une organisation (admin)'), COST.command))
  @Access(adminOnly)
  async registerOrganization(@Args('input') d: RegisterOrganizationDto, @Context() c: GqlCtx) {
    const ctx = ctxOf(c);
    const { id, minted } = newResource(ctx);
    return result(await this.commands.execute(new RegisterOrganizationCommand(id, toProfile(d), this.clock.now().toISOString(), ctx, minted)));
  }

  @Mutation(() => CommandResult, costing(say('Declare a confidentiality incident', 'Déclarer un incident de confidentialité'), COST.command))
  @Access(write({ from: 'body', name: 'organizationId' }))
  async declareIncident(@Args('input') d: DeclareIncidentDto, @Context() c: GqlCtx) {
    const ctx = ctxOf(c);
    const { id, minted } = newResource(ctx);
    return result(await this.commands.execute(new DeclareIncidentCommand(id, d.organizationId.toLowerCase(), toFacts(d), ctx, minted)));
  }

  private incidentFact(id: string, command: ReturnType<(typeof incidentCommands)[keyof typeof incidentCommands]>, c: GqlCtx, revision?: number) {
    return this.commands.execute(new RecordIncidentFactCommand(id.toLowerCase(), command, ctxOf(c), revision)).then(result);
  }

  @Mutation(() => CommandResult, costing(say('Amend the incident’s facts, with a reason (history kept)', 'Modifier les faits de l’incident, avec un motif (historique conservé)'), COST.command))
  @Access(write(INCIDENT))
  amendIncidentFacts(@Args('id', { type: () => ID }) id: string, @Args('input') d: AmendIncidentFactsDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.incidentFact(id, incidentCommands.amend(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record a risk-of-serious-injury assessment', 'Consigner une évaluation du risque de préjudice sérieux'), COST.command))
  @Access(write(INCIDENT))
  assessRisk(@Args('id', { type: () => ID }) id: string, @Args('input') d: AssessRiskDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.incidentFact(id, incidentCommands.assess(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record a notice sent (regulator, persons, police, …)', 'Consigner un avis envoyé (autorité, personnes, police, …)'), COST.command))
  @Access(write(INCIDENT))
  recordNotification(@Args('id', { type: () => ID }) id: string, @Args('input') d: RecordNotificationDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.incidentFact(id, incidentCommands.notify(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Defer notifying persons while it could hamper an investigation', 'Différer l’avis aux personnes tant qu’il pourrait nuire à une enquête'), COST.command))
  @Access(write(INCIDENT))
  deferPersonsNotification(@Args('id', { type: () => ID }) id: string, @Args('input') d: DeferPersonsNotificationDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.incidentFact(id, incidentCommands.defer(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record a measure taken to reduce the risk of injury', 'Consigner une mesure prise pour diminuer le risque de préjudice'), COST.command))
  @Access(write(INCIDENT))
  recordMitigation(@Args('id', { type: () => ID }) id: string, @Args('input') d: RecordMitigationDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.incidentFact(id, incidentCommands.mitigate(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record that the incident is contained', 'Consigner le confinement de l’incident'), COST.command))
  @Access(write(INCIDENT))
  containIncident(@Args('id', { type: () => ID }) id: string, @Args('input') d: ContainIncidentDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.incidentFact(id, incidentCommands.contain(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Close the incident', 'Clore l’incident'), COST.command))
  @Access(write(INCIDENT))
  closeIncident(@Args('id', { type: () => ID }) id: string, @Args('input') d: CloseIncidentDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.incidentFact(id, incidentCommands.close(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Waive an obligation, with a reason', 'Lever une obligation, avec un motif'), COST.command))
  @Access(write(INCIDENT))
  waiveObligation(@Args('id', { type: () => ID }) id: string, @Args('obligationId') obligationId: string, @Args('input') d: WaiveObligationDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.incidentFact(id, incidentCommands.waive(obligationId, d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record a regulator order: measures, reporting duties, daily penalty (days of a due date already missed accrue with it)', 'Consigner une ordonnance : mesures, redditions de comptes, pénalité quotidienne (les jours d’une échéance déjà manquée s’ajoutent avec elle)'), COST.command))
  @Access(write({ from: 'body', name: 'organizationId' }))
  async issueOrder(@Args('input') d: IssueOrderDto, @Context() c: GqlCtx) {
    const ctx = ctxOf(c);
    const { id, minted } = newResource(ctx);
    return result(await this.commands.execute(new IssueOrderCommand(id, toTerms(d), ctx, minted)));
  }

  private orderFact(id: string, command: OrderFactCommand, c: GqlCtx, revision?: number) {
    return this.commands.execute(new RecordOrderFactCommand(id.toLowerCase(), command, ctxOf(c), revision)).then(result);
  }

  @Mutation(() => CommandResult, costing(say('Record a corrective measure as completed', 'Consigner l’achèvement d’une mesure corrective'), COST.command))
  @Access(write(ORDER))
  completeCorrectiveMeasure(@Args('id', { type: () => ID }) id: string, @Args('measureId') measureId: string, @Args('input') d: CompleteMeasureDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.orderFact(id, orderCommands.complete(measureId, d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record a report submitted under the order', 'Consigner une reddition de comptes soumise'), COST.command))
  @Access(write(ORDER))
  submitComplianceReport(@Args('id', { type: () => ID }) id: string, @Args('input') d: SubmitReportDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.orderFact(id, orderCommands.report(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record non-compliance found by the regulator', 'Consigner un manquement constaté par l’autorité'), COST.command))
  @Access(write(ORDER))
  recordNonCompliance(@Args('id', { type: () => ID }) id: string, @Args('input') d: NonComplianceDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.orderFact(id, orderCommands.nonCompliance(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record that compliance was shown (stops the penalty days; days accrued after it are reversed with it)', 'Consigner la preuve de conformité (arrête les jours de pénalité; ceux comptés après elle sont annulés avec elle)'), COST.command))
  @Access(write(ORDER))
  recordComplianceRestored(@Args('id', { type: () => ID }) id: string, @Args('input') d: ComplianceRestoredDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.orderFact(id, orderCommands.restored(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record that the order was lifted', 'Consigner la levée de l’ordonnance'), COST.command))
  @Access(write(ORDER))
  liftOrder(@Args('id', { type: () => ID }) id: string, @Args('input') d: LiftOrderDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.orderFact(id, orderCommands.lift(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record a penalty payment', 'Consigner un paiement de pénalité'), COST.command))
  @Access(write(ORDER))
  recordPenaltyPayment(@Args('id', { type: () => ID }) id: string, @Args('input') d: PaymentDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.orderFact(id, orderCommands.pay(d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Cancel a payment recorded in error (numbered from 1; it stays in the ledger)', 'Annuler un paiement consigné par erreur (numéroté à partir de 1; il reste au registre des pénalités)'), COST.command))
  @Access(write(ORDER))
  cancelPenaltyPayment(
    @Args('id', { type: () => ID }) id: string,
    @Args('payment', { type: () => Int, description: both('The payment’s number, from 1, in the order recorded', 'Le numéro du paiement, à partir de 1, dans l’ordre consigné') }) payment: number,
    @Args('input') d: CancelPaymentDto,
    @Context() c: GqlCtx,
    @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number,
  ) {
    return this.orderFact(id, orderCommands.cancelPayment(payment, d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Record the regulator’s review of a completed measure', 'Consigner l’examen par l’autorité d’une mesure achevée'), COST.command))
  @Access(write(ORDER))
  reviewCorrectiveMeasure(@Args('id', { type: () => ID }) id: string, @Args('measureId') measureId: string, @Args('input') d: ReviewMeasureDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.orderFact(id, orderCommands.review(measureId, d), c, rev);
  }

  @Mutation(() => CommandResult, costing(say('Amend the order’s due dates (history kept)', 'Modifier les échéances de l’ordonnance (historique conservé)'), COST.command))
  @Access(write(ORDER))
  amendOrder(@Args('id', { type: () => ID }) id: string, @Args('input') d: AmendOrderDto, @Context() c: GqlCtx, @Args('expectedRevision', { type: () => Int, nullable: true, description: EXPECTED_REVISION }) rev?: number) {
    return this.orderFact(id, orderCommands.amend(d), c, rev);
  }
}
