import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDay, IsIso8601Instant } from '../http/validators';

/**
 * The arguments of the GraphQL queries, validated by the same global pipe and the same rules
 * as REST's query strings: a bad value is a VALIDATION_FAILED that names the argument, never
 * an internal error, and never silently clamped or ignored.
 */
@ArgsType()
export class ComplianceArgs {
  @Field(() => ID) @IsUUID() organizationId!: string;
  @Field(() => String, { nullable: true, description: 'Judge at this moment (default: now)' }) @IsOptional() @IsIso8601Instant() asOf?: string;
}

@ArgsType()
export class ExposureArgs {
  @Field(() => ID) @IsUUID() id!: string;
  @Field(() => String, { nullable: true, description: 'Business time (default: now)' }) @IsOptional() @IsIso8601Instant() asOf?: string;
  @Field(() => String, { nullable: true, description: 'Forecast: the exposure at the end of this day if nothing changes' }) @IsOptional() @IsCalendarDay() forecastOn?: string;
}

@ArgsType()
class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50 }) @IsInt() @Min(1) @Max(500) limit = 50;
  @Field(() => String, { nullable: true, description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
}

@ArgsType()
export class IncidentsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() organizationId?: string;
  @Field(() => String, { nullable: true, description: 'open, contained or closed' }) @IsOptional() @IsIn(['open', 'contained', 'closed']) status?: string;
}

@ArgsType()
export class OrdersArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() organizationId?: string;
}

@ArgsType()
export class RemindersArgs extends PageArgs {
  @Field(() => ID) @IsUUID() organizationId!: string;
  @Field(() => String, { nullable: true, description: 'due_soon, overdue or penalty_day' }) @IsOptional() @IsIn(['due_soon', 'overdue', 'penalty_day']) trigger?: string;
}
