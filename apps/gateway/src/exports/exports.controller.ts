import { AuditService } from '@app/audit';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { ledgerCsv, registerCsv, registerPdf, RegisterExportInput } from '@app/exports';
import type { RecordedEvent } from '@app/event-store';
import { Clock, CLOCK, DomainError, notYetCome } from '@app/kernel';
import { GetLedgerQuery, GetLedgerSeriesQuery, orderStream } from '@app/orders';
import { GetRegisterQuery, RegisterEntry } from '@app/projections';
import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, read } from '../auth/auth.decorators';
import { Lang, RequestLang } from '../http/i18n';
import { UuidParam } from '../http/uuid-param';
import { csvDelimiter, LedgerExportQueryDto, LedgerPageQueryDto, LedgerSeriesQueryDto, RegisterExportQueryDto } from './exports.dto';
import { Doc } from '../http/openapi';

const ORDER = { from: 'order', param: 'id' } as const;

const file = (body: string | Buffer, type: string, name: string) =>
  new StreamableFile(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, { type, disposition: `attachment; filename="${name}"` });

/** Downloads: the Law 25 register (CSV or PDF, French or English, as of any moment) and an order's penalty ledger (CSV). */
@ApiTags('exports')
@Controller('api/v1')
export class ExportsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly audit: AuditService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('organizations/:id/register/export')
  @Access(read({ from: 'param', name: 'id' }))
  @ApiProduces('text/csv', 'application/pdf')
  @Doc('Download the Law 25 register (CSV or PDF) as of a moment', 'Télécharger le registre Loi 25 (CSV ou PDF) à un moment donné')
  async register(@UuidParam('id') id: string, @Query() q: RegisterExportQueryDto, @RequestLang() lang: Lang): Promise<StreamableFile> {
    const now = this.clock.now().toISOString();
    let input: RegisterExportInput;
    if (q.asOf) {
      const future = notYetCome('asOf', q.asOf, this.clock.now());
      if (future) throw DomainError.validation([future]);
      const basis = q.basis ?? 'business';
      const r = await this.audit.registerAsOf(id, { basis, at: new Date(q.asOf).toISOString() });
      input = { organizationId: id, organizationName: r.organizationName, asOf: r.judgedAt, basis, generatedAt: now, entries: r.entries };
    } else {
      const r = await this.queries.execute<GetRegisterQuery, { organizationName: string; entries: RegisterEntry[] }>(new GetRegisterQuery(id));
      input = { organizationId: id, organizationName: r.organizationName, asOf: now, basis: 'now', generatedAt: now, entries: r.entries };
    }
    const name = `${lang === 'fr' ? 'registre-incidents' : 'incident-register'}-${id.slice(0, 8)}-${input.asOf.slice(0, 10)}`;
    const delimiter = csvDelimiter(q);
    return (q.format ?? 'csv') === 'pdf'
      ? file(await registerPdf(input, lang), 'application/pdf', `${name}.pdf`)
      : file(registerCsv(input, lang, delimiter), 'text/csv; charset=utf-8', `${name}.csv`);
  }

  /**
   * The ledger as data, a page at a time in the order recorded: every accrual, reversal and
   * payment, each with the running balance; `totals` counts the whole ledger.
   */
  @Get('orders/:id/ledger')
  @Access(read(ORDER))
  @Doc('An order’s penalty ledger, a page of lines at a time', 'Registre des pénalités d’une ordonnance, une page de lignes à la fois')
  async ledgerJson(@UuidParam('id') id: string, @Query() q: LedgerPageQueryDto) {
    return this.queries.execute(new GetLedgerQuery(id, { limit: q.limit ?? 1000, cursor: q.cursor }));
  }

  /** The ledger summed by day or by month, in calendar order: the dashboard's exposure chart, whatever the ledger's length. */
  @Get('orders/:id/ledger/series')
  @Access(read(ORDER))
  @Doc('An order’s penalty ledger summed by day or by month', 'Registre des pénalités d’une ordonnance, totalisé par jour ou par mois')
  async ledgerSeriesJson(@UuidParam('id') id: string, @Query() q: LedgerSeriesQueryDto) {
    return this.queries.execute(new GetLedgerSeriesQuery(id, q.grain));
  }

  private async orderEvents(id: string): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(orderStream(id));
    if (!events.length) throw DomainError.notFound('ORDER_NOT_FOUND', { en: `No order ${id}`, fr: `Aucune ordonnance ${id}` });
    return events;
  }

  @Get('orders/:id/ledger/export')
  @Access(read(ORDER))
  @ApiProduces('text/csv')
  @Doc('Download an order’s penalty ledger (CSV)', 'Télécharger le registre des pénalités d’une ordonnance (CSV)')
  async ledger(@UuidParam('id') id: string, @Query() q: LedgerExportQueryDto, @RequestLang() lang: Lang): Promise<StreamableFile> {
    const events = await this.orderEvents(id);
    const delimiter = csvDelimiter(q);
    const name = `${lang === 'fr' ? 'registre-penalites' : 'penalty-ledger'}-${id.slice(0, 8)}.csv`;
    return file(ledgerCsv(events, lang, delimiter), 'text/csv; charset=utf-8', name);
  }
}
