import { AuditService } from '@app/audit';
import { Clock, CLOCK } from '@app/kernel';
import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access, adminOnly, read } from '../auth/auth.decorators';
import { pageRequest, ReadQueryDto } from '../http/read-query.dto';
import { ReadYourWrites } from '../http/read-your-writes';
import { AsOfDto, AsOfLedgerSeriesDto, AsOfPageDto, LogQueryDto, StreamQueryDto, toAsOf } from './as-of.dto';
import { UuidParam } from '../http/uuid-param';
import { Doc } from '../http/openapi';
import { eventTypeFilter, streamPrefixFilter } from './event-types';

const AUDIT_ALL = { action: 'audit_all', org: { from: 'none' } } as const;

/** Auditors (and admins) replay the history; regulators read within their jurisdiction. */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** "Now" is the application's clock, as everywhere else (time comes in as data). */
  private now(): Date {
    return this.clock.now();
  }

  @Get('streams/:stream')
  @Access(read({ from: 'stream', param: 'stream' }))
  @Doc('A stream’s history with metadata and hashes, a page of events at a time from a revision', 'Historique d’un flux, avec métadonnées et empreintes, une page d’événements à la fois à partir d’une révision')
  stream(@Param('stream') stream: string, @Query() q: StreamQueryDto) {
    // Stream names are case-sensitive in the store; ids inside them are lowercase UUIDs.
    return this.audit.streamHistory(stream, q.fromRevision ?? 0, q.limit ?? 1000);
  }

  @Get('events')
  @Access(AUDIT_ALL)
  @Doc('The global log, paged and filtered', 'Le journal global, paginé et filtré')
  events(@Query() q: LogQueryDto) {
    return this.audit.log(q.after ?? 0, q.limit ?? 500, eventTypeFilter(q.types), streamPrefixFilter(q.streamPrefix));
  }

  @Get('incidents/:id')
  @Access(read({ from: 'incident', param: 'id' }))
  @Doc('An incident as of a business time, a recorded time or a position', 'Un incident à un temps métier, un temps d’enregistrement ou une position')
  incident(@UuidParam('id') id: string, @Query() q: AsOfDto) {
    return this.audit.incidentAsOf(id, toAsOf(q, this.now()));
  }

  @Get('orders/:id')
  @Access(read({ from: 'order', param: 'id' }))
  @Doc('An order as of a business time, a recorded time or a position', 'Une ordonnance à un temps métier, un temps d’enregistrement ou une position')
  order(@UuidParam('id') id: string, @Query() q: AsOfDto) {
    return this.audit.orderAsOf(id, toAsOf(q, this.now()));
  }

  @Get('orders/:id/non-compliance')
  @Access(read({ from: 'order', param: 'id' }))
  @Doc('An order’s periods of non-compliance as they stood at a moment, a page at a time', 'Les périodes de manquement d’une ordonnance telles qu’elles étaient à un moment, une page à la fois')
  orderNonCompliance(@UuidParam('id') id: string, @Query() q: AsOfPageDto) {
    return this.audit.orderNonComplianceAsOf(id, toAsOf(q, this.now()), pageRequest(q));
  }

  @Get('orders/:id/ledger/series')
  @Access(read({ from: 'order', param: 'id' }))
  @Doc('An order’s penalty ledger summed by day or by month as it stood at a moment', 'Le registre des pénalités d’une ordonnance, totalisé par jour ou par mois, tel qu’il était à un moment')
  orderLedgerSeries(@UuidParam('id') id: string, @Query() q: AsOfLedgerSeriesDto) {
    return this.audit.orderLedgerSeriesAsOf(id, toAsOf(q, this.now()), q.grain);
  }

  @Get('organizations/:id/register')
  @ReadYourWrites()
  @Access(read({ from: 'param', name: 'id' }))
  @Doc('The Law 25 register as it stood at a moment', 'Le registre Loi 25 tel qu’il était à un moment donné')
  register(@UuidParam('id') id: string, @Query() q: AsOfDto) {
    return this.audit.registerAsOf(id, toAsOf(q, this.now()));
  }

  @Get('organizations/:id/compliance')
  @ReadYourWrites()
  @Access(read({ from: 'param', name: 'id' }))
  @Doc('The compliance status as it stood at a moment', 'L’état de conformité tel qu’il était à un moment donné')
  compliance(@UuidParam('id') id: string, @Query() q: AsOfDto) {
    return this.audit.complianceAsOf(id, toAsOf(q, this.now()));
  }

  @Get('verify')
  @Access(AUDIT_ALL)
  @Doc('Recompute every hash chain and anchor; report the first broken link', 'Recalculer chaînes de hachage et ancrages; signaler le premier maillon rompu')
  verify(@Query() _q: ReadQueryDto) {
    return this.audit.verify();
  }

  @Post('anchors')
  @HttpCode(200)
  @Access(adminOnly)
  @Doc('Anchor the log now (chained checkpoint)', 'Ancrer le journal maintenant (point de contrôle chaîné)')
  anchor() {
    return this.audit.anchor();
  }
}
