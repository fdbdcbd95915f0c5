import { AuditService } from '@app/audit';
import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';

/** Anchors the log every hour (and on demand: POST /api/v1/audit/anchors, or the CLI). */
@Injectable()
export class AnchorScheduler {
  private readonly logger = new Logger('Anchors');
  constructor(private readonly audit: AuditService) {}

  @Cron(CronExpression.EVERY_HOUR)
  async hourly(): Promise<void> {
    const a = await this.audit.anchor().catch((e) => this.logger.error(e instanceof Error ? e.message : String(e)));
    if (a) this.logger.log(`anchor ${a.seq} at position ${a.position} (${a.events} events)`);
  }
}
