import { REGULATORS } from '@app/orders';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDay, IsIso8601Instant } from '../http/validators';

const ID = /^[A-Za-z0-9._-]{1,64}$/;

export class MeasureDto {
  @ApiProperty({ example: 'controls' }) @Matches(ID, { message: 'id must use letters, digits, ".", "_" or "-" (≤ 64)' }) id!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) description!: string;
  @ApiProperty({ example: '2021-03-12', description: 'Last calendar day (America/Montreal)' }) @IsCalendarDay() dueOn!: string;
}

export class CadenceDto {
  @ApiProperty({ example: 90 }) @IsInt() @Min(1) @Max(3660) everyDays!: number;
  @ApiProperty({ example: '2021-03-31' }) @IsCalendarDay() firstDueOn!: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDay() until?: string;
}

export class ReportingDutyDto {
  @ApiProperty({ example: 'governance-report' }) @Matches(ID, { message: 'id must use letters, digits, ".", "_" or "-" (≤ 64)' }) id!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) description!: string;
  @ApiPropertyOptional({ type: [String], example: ['2021-06-30'] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsCalendarDay({ each: true }) dueOn?: string[];
  @ApiPropertyOptional({ type: CadenceDto }) @IsOptional() @ValidateNested() @Type(() => CadenceDto) cadence?: CadenceDto;
}

export class PenaltyDto {
  @ApiProperty({ example: 1_000_000, description: 'Amount per day of non-compliance, in cents (CAD): 1 000 000 = 10 000 $' })
  @IsInt()
  @Min(1)
  amountPerDayCents!: number;

  @ApiProperty({ enum: ['CAD'] }) @IsIn(['CAD']) currency!: 'CAD';
}

export class IssueOrderDto {
  @ApiProperty({ enum: REGULATORS }) @IsIn(REGULATORS) regulator!: (typeof REGULATORS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) regulatorName?: string;
  @ApiProperty({ example: 'AMF — décision du 14 décembre 2020' }) @IsString() @IsNotEmpty() @MaxLength(300) reference!: string;
  @ApiProperty({ example: 'CQLR c. C-67.3, s. 567' }) @IsString() @IsNotEmpty() @MaxLength(300) legalBasis!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() organizationId!: string;
  @ApiProperty({ example: '2020-12-14T10:00:00-05:00' }) @IsIso8601Instant() issuedAt!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(4000, { each: true }) findings!: string[];
  @ApiProperty({ type: [MeasureDto] }) @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => MeasureDto) measures!: MeasureDto[];
  @ApiProperty({ type: [ReportingDutyDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ReportingDutyDto) reportingDuties!: ReportingDutyDto[];
  @ApiProperty({ type: PenaltyDto }) @ValidateNested() @Type(() => PenaltyDto) penalty!: PenaltyDto;
}

export class CompleteMeasureDto {
  @ApiProperty({ example: '2021-03-20T10:00:00-04:00' }) @IsIso8601Instant() completedAt!: string;
  @ApiProperty({ description: 'Where the evidence is kept' }) @IsString() @IsNotEmpty() @MaxLength(1000) evidence!: string;
}

export class ReviewMeasureDto {
  @ApiProperty({ enum: ['accepted', 'rejected'] }) @IsIn(['accepted', 'rejected']) decision!: 'accepted' | 'rejected';
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
  @ApiProperty() @IsIso8601Instant() reviewedAt!: string;
}

export class SubmitReportDto {
  @ApiProperty() @Matches(ID, { message: 'dutyId must be a reporting duty id' }) dutyId!: string;
  @ApiProperty() @IsIso8601Instant() submittedAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) summary!: string;
}

export class NonComplianceDto {
  @ApiProperty({ description: 'Business time; may lie in the past' }) @IsIso8601Instant() effectiveAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
}

export class ComplianceRestoredDto {
  @ApiProperty({ description: 'Business time; may lie in the past, never in the future' }) @IsIso8601Instant() effectiveAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) evidence!: string;
}

export class AmendOrderDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID) measureId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID) dutyId?: string;
  @ApiProperty({ example: '2021-06-30' }) @IsCalendarDay() newDueOn!: string;
  @ApiProperty({ description: 'The regulator’s decision granting the change' }) @IsString() @IsNotEmpty() @MaxLength(300) reference!: string;
}

export class LiftOrderDto {
  @ApiProperty() @IsIso8601Instant() liftedAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) reference!: string;
}

export class PaymentDto {
  @ApiProperty({ example: 1_000_000 }) @IsInt() @Min(1) amountCents!: number;
  @ApiProperty({ enum: ['CAD'] }) @IsIn(['CAD']) currency!: 'CAD';
  @ApiProperty() @IsIso8601Instant() paidAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) reference!: string;
}

export class ExposureQueryDto {
  @ApiPropertyOptional({ description: 'Business time (default: now)' }) @IsOptional() @IsIso8601Instant() asOf?: string;
  @ApiPropertyOptional({ description: 'Forecast: the exposure at the end of this day if nothing changes' }) @IsOptional() @IsCalendarDay() forecastOn?: string;
}

