import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetLedgerHandler, GetLedgerSeriesHandler, GetOrderExposureHandler, GetOrderHandler, GetOrganizationExposureHandler, ListNonComplianceHandler } from './application/get-order/get-order.handlers';
import { IssueOrderHandler } from './application/issue-order/issue-order.handler';
import { PENALTY_CLOCK_OPTIONS, PenaltyClockService } from './application/penalty-clock/penalty-clock.service';
import { RecordOrderFactHandler } from './application/record-order-fact/record-order-fact.handler';

@Module({})
export class OrdersModule {
  static forRoot(options: { penaltyClock: boolean }): DynamicModule {
    return {
      module: OrdersModule,
      imports: [CqrsModule],
      providers: [
        IssueOrderHandler,
        RecordOrderFactHandler,
        GetOrderHandler,
        ListNonComplianceHandler,
        GetOrderExposureHandler,
        GetOrganizationExposureHandler,
        GetLedgerHandler,
        GetLedgerSeriesHandler,
        PenaltyClockService,
        { provide: PENALTY_CLOCK_OPTIONS, useValue: { enabled: options.penaltyClock } },
      ],
      exports: [PenaltyClockService],
    };
  }
}
