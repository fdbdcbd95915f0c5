import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { AsOfDto } from '../audit/as-of.dto';
import { both } from '../http/bilingual';
import { AsOfReadQueryDto, PageDto } from '../http/read-query.dto';
import { LedgerSeriesQueryDto } from '../exports/exports.dto';
import { ExposureQueryDto } from '../orders/orders.dto';
import { ReminderListQueryDto } from '../reminders/reminders.dto';

/**
 * The arguments of the GraphQL queries whose REST routes carry an id in their path: REST's
 * query class (validated by the same global pipe, with the same rules) and the id. The lists
 * take REST's query classes as they are (`IncidentListQueryDto`, `OrderListQueryDto`). A bad
 * value is a VALIDATION_FAILED that names the argument, never an internal error, and never
 * silently clamped or ignored.
 */
@ArgsType()
export class ComplianceArgs extends AsOfReadQueryDto {
  @Field(() => ID) @IsUUID() organizationId!: string;
}

@ArgsType()
export class OrganizationExposureArgs extends ExposureQueryDto {
  @Field(() => ID) @IsUUID() organizationId!: string;
}

@ArgsType()
export class IncidentArgs extends AsOfReadQueryDto {
  @Field(() => ID) @IsUUID() id!: string;
}

@ArgsType()
export class ExposureArgs extends ExposureQueryDto {
  @Field(() => ID) @IsUUID() id!: string;
}

@ArgsType()
export class RemindersArgs extends ReminderListQueryDto {
  @Field(() => ID) @IsUUID() declare organizationId: string;
}

/** A page of a record's list (an order's periods of non-compliance). */
@ArgsType()
export class RecordPageArgs extends PageDto {
  @Field(() => ID) @IsUUID() id!: string;
}

/** An order's ledger summed by day or by month. */
@ArgsType()
export class LedgerSeriesArgs extends LedgerSeriesQueryDto {
  @Field(() => ID) @IsUUID() id!: string;
}

/** An incident or an order as of a moment (the audit's `basis` and `at`, as in REST). */
@ArgsType()
export class AuditRecordArgs extends AsOfDto {
  @Field(() => ID) @IsUUID() id!: string;
}

/** An organization's register or compliance status as of a moment. */
@ArgsType()
export class AuditOrganizationArgs extends AsOfDto {
  @Field(() => ID) @IsUUID() organizationId!: string;
}

/** A record by its id (an organization, an order). */
@ArgsType()
export class IdArgs {
  @Field(() => ID) @IsUUID() id!: string;
}

/** An order's ledger series as it stood at a moment. */
@ArgsType()
export class AuditLedgerSeriesArgs extends AuditRecordArgs {
  @Field(() => String, { nullable: true, description: both('day or month (default: days for up to 366 days of ledger, months beyond)', 'day (jour) ou month (mois) (par défaut : par jour jusqu’à 366 jours de registre, par mois au-delà)') }) @IsOptional() @IsIn(['day', 'month']) grain?: 'day' | 'month';
}
