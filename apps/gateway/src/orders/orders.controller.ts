import { CommandContext, newResource } from '@app/event-store';
import {
  GetOrderExposureQuery,
  GetOrderQuery,
  GetOrganizationExposureQuery,
  IssueOrderCommand,
  ListNonComplianceQuery,
  OrderCommandResult,
  OrderFactCommand,
  PenaltyClockService,
  RecordOrderFactCommand,
} from '@app/orders';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, adminOnly, read, write } from '../auth/auth.decorators';
import { IfMatchRevision } from '../http/if-match';
import { orderCommands, paymentNumber, toTerms } from './order-commands';
import { Ctx } from '../http/request-context';
import { UuidParam } from '../http/uuid-param';
import {
  AmendOrderDto,
  CancelPaymentDto,
  CompleteMeasureDto,
  ComplianceRestoredDto,
  ExposureQueryDto,
  IssueOrderDto,
  LiftOrderDto,
  NonComplianceDto,
  PaymentDto,
  ReviewMeasureDto,
  SubmitReportDto,
} from './orders.dto';
import { Doc, DocCommand } from '../http/openapi';
import { PageDto, pageRequest, ReadQueryDto } from '../http/read-query.dto';
import { RevisionETag } from '../http/etag';

const ORDER = { from: 'order', param: 'id' } as const;

@ApiTags('orders')
@Controller('api/v1')
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: PenaltyClockService,
  ) {}

  @Post('orders')
  @Access(write({ from: 'body', name: 'organizationId' }))
  @DocCommand('Record a regulator order: measures, reporting duties, daily penalty (days of a due date already missed accrue with it)', 'Consigner une ordonnance : mesures, redditions de comptes, pénalité quotidienne (les jours d’une échéance déjà manquée s’ajoutent avec elle)')
  async issue(@Body() d: IssueOrderDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: FastifyReply): Promise<OrderCommandResult> {
    const { id, minted } = newResource(ctx);
    const r = await this.commands.execute<IssueOrderCommand, OrderCommandResult>(new IssueOrderCommand(id, toTerms(d), ctx, minted));
    res.header('Location', `/api/v1/orders/${id}`);
    return r;
  }

  @Get('orders/:id')
  @Access(read(ORDER))
  @RevisionETag()
  @Doc('An order with its duties, its periods of non-compliance counted (listed at /non-compliance) and its exposure', 'Une ordonnance, ses obligations, ses périodes de manquement comptées (listées à /non-compliance) et son exposition')
  get(@UuidParam('id') id: string, @Query() _q: ReadQueryDto) {
    return this.queries.execute(new GetOrderQuery(id));
  }

  @Get('orders/:id/non-compliance')
  @Access(read(ORDER))
  @Doc('An order’s periods of non-compliance now, a page at a time by start, with their count', 'Les périodes de manquement d’une ordonnance en ce moment, une page à la fois par début, avec leur nombre')
  nonComplianceList(@UuidParam('id') id: string, @Query() q: PageDto) {
    return this.queries.execute(new ListNonComplianceQuery(id, pageRequest(q)));
  }

  @Get('orders/:id/exposure')
  @Access(read(ORDER))
  @Doc('An order’s penalty exposure: accrued, pending and forecast', 'Exposition aux pénalités d’une ordonnance : cumulée, en attente et prévue')
  exposure(@UuidParam('id') id: string, @Query() q: ExposureQueryDto) {
    return this.queries.execute(new GetOrderExposureQuery(id, q.asOf ? new Date(q.asOf) : undefined, q.forecastOn));
  }

  @Get('organizations/:id/exposure')
  @Access(read({ from: 'param', name: 'id' }))
  @Doc('The organization’s penalty exposure over all its orders', 'Exposition aux pénalités de l’organisation, toutes ordonnances')
  organizationExposure(@UuidParam('id') id: string, @Query() q: ExposureQueryDto) {
    return this.queries.execute(new GetOrganizationExposureQuery(id, q.asOf ? new Date(q.asOf) : undefined, q.forecastOn));
  }

  private record(id: string, command: OrderFactCommand, ctx: CommandContext, rev?: number): Promise<OrderCommandResult> {
    return this.commands.execute(new RecordOrderFactCommand(id, command, ctx, rev));
  }

  @Post('orders/:id/measures/:measureId/completion')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Record a corrective measure as completed', 'Consigner l’achèvement d’une mesure corrective', { ifMatch: true })
  complete(@UuidParam('id') id: string, @Param('measureId') measureId: string, @Body() d: CompleteMeasureDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.complete(measureId, d), ctx, rev);
  }

  @Post('orders/:id/measures/:measureId/review')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Record the regulator’s review of a completed measure', 'Consigner l’examen par l’autorité d’une mesure achevée', { ifMatch: true })
  review(@UuidParam('id') id: string, @Param('measureId') measureId: string, @Body() d: ReviewMeasureDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.review(measureId, d), ctx, rev);
  }

  @Post('orders/:id/reports')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Record a report submitted under the order', 'Consigner une reddition de comptes soumise', { ifMatch: true })
  report(@UuidParam('id') id: string, @Body() d: SubmitReportDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.report(d), ctx, rev);
  }

  @Post('orders/:id/non-compliance')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Record non-compliance found by the regulator', 'Consigner un manquement constaté par l’autorité', { ifMatch: true })
  nonCompliance(@UuidParam('id') id: string, @Body() d: NonComplianceDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.nonCompliance(d), ctx, rev);
  }

  @Post('orders/:id/compliance-restored')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Record that compliance was shown (stops the penalty days; days accrued after it are reversed with it)', 'Consigner la preuve de conformité (arrête les jours de pénalité; ceux comptés après elle sont annulés avec elle)', { ifMatch: true })
  restored(@UuidParam('id') id: string, @Body() d: ComplianceRestoredDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.restored(d), ctx, rev);
  }

  @Post('orders/:id/amendments')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Amend the order’s due dates (history kept)', 'Modifier les échéances de l’ordonnance (historique conservé)', { ifMatch: true })
  amend(@UuidParam('id') id: string, @Body() d: AmendOrderDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.amend(d), ctx, rev);
  }

  @Post('orders/:id/lifting')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Record that the order was lifted', 'Consigner la levée de l’ordonnance', { ifMatch: true })
  lift(@UuidParam('id') id: string, @Body() d: LiftOrderDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.lift(d), ctx, rev);
  }

  @Post('orders/:id/payments')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Record a penalty payment', 'Consigner un paiement de pénalité', { ifMatch: true })
  pay(@UuidParam('id') id: string, @Body() d: PaymentDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.pay(d), ctx, rev);
  }

  @Post('orders/:id/payments/:payment/cancellation')
  @HttpCode(201)
  @Access(write(ORDER))
  @DocCommand('Cancel a payment recorded in error (numbered from 1; it stays in the ledger)', 'Annuler un paiement consigné par erreur (numéroté à partir de 1; il reste au registre des pénalités)', { ifMatch: true })
  cancelPayment(@UuidParam('id') id: string, @Param('payment') payment: string, @Body() d: CancelPaymentDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number) {
    return this.record(id, orderCommands.cancelPayment(paymentNumber(payment), d), ctx, rev);
  }

  /** On demand, as after each Montreal midnight: idempotent. */
  @Post('penalty-clock/runs')
  @HttpCode(200)
  @Access(adminOnly)
  @Doc('Run the penalty clock now (idempotent)', 'Exécuter l’horloge des pénalités maintenant (idempotent)')
  runClock() {
    return this.clock.run();
  }
}
