export * from './domain/order';
export * from './domain/exposure';
export * from './domain/calendar-days';
export * from './application/issue-order/issue-order.command';
export * from './application/record-order-fact/record-order-fact.command';
export * from './application/get-order/get-order.queries';
export * from './application/penalty-clock/run-penalty-clock';
export { PenaltyClockService } from './application/penalty-clock/penalty-clock.service';
export { OrdersModule } from './orders.module';
