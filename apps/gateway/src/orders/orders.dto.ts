import { ArgsType, Field, Float, InputType, Int } from '@nestjs/graphql';
import { MAX_PENALTY_PER_DAY_CENTS, REGULATORS } from '@app/orders';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
} from 'class-validator';
import { ReadQueryDto } from '../http/read-query.dto';
import { saying } from '../http/validation';
import { IsCalendarDay, IsIso8601Instant, NestedObject, NestedObjects } from '../http/validators';
import { both } from '../http/bilingual';

const ID = /^[A-Za-z0-9._-]{1,64}$/;
const ID_RULE = saying('id must use letters, digits, ".", "_" or "-" (≤ 64)', 'ne doit contenir que des lettres, des chiffres, « . », « _ » ou « - » (≤ 64)');

@InputType('MeasureInput')
export class MeasureDto {
  @ApiProperty({ example: 'controls' }) @Matches(ID, ID_RULE) @Field(() => String) id!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) description!: string;
  @ApiProperty({ example: '2021-03-12', description: both('Last calendar day (America/Montreal)', 'Dernier jour (America/Montreal)') }) @IsCalendarDay() @Field(() => String) dueOn!: string;
}

@InputType('CadenceInput')
export class CadenceDto {
  @ApiProperty({ example: 90 }) @IsInt() @Min(1) @Max(3660) @Field(() => Int) everyDays!: number;
  @ApiProperty({ example: '2021-03-31' }) @IsCalendarDay() @Field(() => String) firstDueOn!: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDay() @Field(() => String, { nullable: true }) until?: string;
}

@InputType('ReportingDutyInput')
export class ReportingDutyDto {
  @ApiProperty({ example: 'governance-report' }) @Matches(ID, ID_RULE) @Field(() => String) id!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) description!: string;
  @ApiPropertyOptional({ type: [String], example: ['2021-06-30'] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsCalendarDay({ each: true }) @Field(() => [String], { nullable: true }) dueOn?: string[];
  @ApiPropertyOptional({ type: CadenceDto }) @IsOptional() @NestedObject(() => CadenceDto) @Field(() => CadenceDto, { nullable: true }) cadence?: CadenceDto;
}

@InputType('PenaltyInput')
export class PenaltyDto {
  @ApiProperty({ example: 1_000_000, maximum: MAX_PENALTY_PER_DAY_CENTS, description: both('Amount per day of non-compliance, in cents (CAD): 1 000 000 = 10 000 $', 'Montant par jour de non-conformité, en cents (CAD) : 1 000 000 = 10 000 $') })
  @IsInt()
  @Min(1)
  @Max(MAX_PENALTY_PER_DAY_CENTS)
  @Field(() => Float) amountPerDayCents!: number;

  @ApiProperty({ enum: ['CAD'] }) @IsIn(['CAD']) @Field(() => String) currency!: 'CAD';
}

@InputType('IssueOrderInput')
export class IssueOrderDto {
  @ApiProperty({ enum: REGULATORS }) @IsIn(REGULATORS) @Field(() => String) regulator!: (typeof REGULATORS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) @Field(() => String, { nullable: true }) regulatorName?: string;
  @ApiProperty({ example: 'AMF — décision du 14 décembre 2020' }) @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String) reference!: string;
  @ApiProperty({ example: 'CQLR c. C-67.3, s. 567' }) @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String) legalBasis!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() @Field(() => String) organizationId!: string;
  @ApiProperty({ example: '2020-12-14T10:00:00-05:00' }) @IsIso8601Instant() @Field(() => String) issuedAt!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(4000, { each: true }) @Field(() => [String]) findings!: string[];
  @ApiProperty({ type: [MeasureDto] }) @IsArray() @ArrayMaxSize(500) @NestedObjects(() => MeasureDto) @Field(() => [MeasureDto]) measures!: MeasureDto[];
  @ApiProperty({ type: [ReportingDutyDto] }) @IsArray() @ArrayMaxSize(100) @NestedObjects(() => ReportingDutyDto) @Field(() => [ReportingDutyDto]) reportingDuties!: ReportingDutyDto[];
  @ApiProperty({ type: PenaltyDto }) @NestedObject(() => PenaltyDto) @Field(() => PenaltyDto) penalty!: PenaltyDto;
}

@InputType('CompleteMeasureInput')
export class CompleteMeasureDto {
  @ApiProperty({ example: '2021-03-20T10:00:00-04:00' }) @IsIso8601Instant() @Field(() => String) completedAt!: string;
  @ApiProperty({ description: both('Where the evidence is kept', 'Où la preuve est conservée') }) @IsString() @IsNotEmpty() @MaxLength(1000) @Field(() => String) evidence!: string;
}

@InputType('ReviewMeasureInput')
export class ReviewMeasureDto {
  @ApiProperty({ enum: ['accepted', 'rejected'] }) @IsIn(['accepted', 'rejected']) @Field(() => String) decision!: 'accepted' | 'rejected';
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) reason!: string;
  @ApiProperty() @IsIso8601Instant() @Field(() => String) reviewedAt!: string;
}

@InputType('SubmitReportInput')
export class SubmitReportDto {
  @ApiProperty() @Matches(ID, saying('dutyId must be a reporting duty id (letters, digits, ".", "_" or "-", ≤ 64)', 'doit être l’identifiant d’une obligation de rapport (lettres, chiffres, « . », « _ » ou « - », ≤ 64)')) @Field(() => String) dutyId!: string;
  @ApiProperty() @IsIso8601Instant() @Field(() => String) submittedAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) summary!: string;
}

@InputType('NonComplianceInput')
export class NonComplianceDto {
  @ApiProperty({ description: both('Business time; may lie in the past', 'Temps métier; peut être dans le passé') }) @IsIso8601Instant() @Field(() => String) effectiveAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) reason!: string;
}

@InputType('ComplianceRestoredInput')
export class ComplianceRestoredDto {
  @ApiProperty({ description: both('Business time; may lie in the past, never in the future', 'Temps métier; peut être dans le passé, jamais dans le futur') }) @IsIso8601Instant() @Field(() => String) effectiveAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) evidence!: string;
}

@InputType('AmendOrderInput')
export class AmendOrderDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID) @Field(() => String, { nullable: true }) measureId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID) @Field(() => String, { nullable: true }) dutyId?: string;
  @ApiProperty({ example: '2021-06-30' }) @IsCalendarDay() @Field(() => String) newDueOn!: string;
  @ApiProperty({ description: both('The regulator’s decision granting the change', 'La décision du régulateur qui accorde le changement') }) @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String) reference!: string;
}

@InputType('LiftOrderInput')
export class LiftOrderDto {
  @ApiProperty() @IsIso8601Instant() @Field(() => String) liftedAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String) reference!: string;
}

@InputType('CancelPaymentInput')
export class CancelPaymentDto {
  @ApiProperty({ description: both('Why the payment is cancelled (recorded in error: its amount, its order…)', 'Pourquoi le paiement est annulé (consigné par erreur : son montant, son ordonnance…)') }) @IsString() @IsNotEmpty() @MaxLength(1000) @Field(() => String) reason!: string;
}

@InputType('PaymentInput')
export class PaymentDto {
  @ApiProperty({ example: 1_000_000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) @Field(() => Float) amountCents!: number;
  @ApiProperty({ enum: ['CAD'] }) @IsIn(['CAD']) @Field(() => String) currency!: 'CAD';
  @ApiProperty() @IsIso8601Instant() @Field(() => String) paidAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String) reference!: string;
}

/** Also the GraphQL `exposure` query's arguments (see `ReadQueryDto`). */
@ArgsType()
export class ExposureQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: both('Business time (default: now)', 'Temps métier (par défaut : maintenant)') }) @IsOptional() @IsIso8601Instant() @Field(() => String, { nullable: true }) asOf?: string;
  @ApiPropertyOptional({ description: both('Forecast: the exposure at the end of this day if nothing changes', 'Prévision : l’exposition à la fin de ce jour si rien ne change') })
  @IsOptional()
  @IsCalendarDay()
  @Field(() => String, { nullable: true })
  forecastOn?: string;
}

