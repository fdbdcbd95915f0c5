import { CHANNELS, INCIDENT_KINDS, LEVELS, MITIGATIONS, ORIGINS, RECIPIENTS } from '@app/incidents';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIso8601Instant } from '../http/validators';

export const PI_CATEGORIES = [
  'name',
  'email',
  'phone',
  'home_address',
  'date_of_birth',
  'credit_card',
  'bank_account',
  'government_id',
  'social_insurance_number',
  'health',
  'login_credentials',
  'biometric',
  'financial',
  'employment',
  'other',
] as const;

const INSTANT_EXAMPLE = '2020-06-18T10:00:00-04:00';

export class OriginDto {
  @ApiProperty({ enum: ORIGINS }) @IsIn(ORIGINS) type!: (typeof ORIGINS)[number];
  @ApiPropertyOptional({ example: 'Fournisseur du logiciel de paiement' }) @IsOptional() @IsString() @MaxLength(300) name?: string;
}

export class PeriodDto {
  @ApiProperty({ example: '2020-05-20T00:00:00-04:00' }) @IsIso8601Instant() from!: string;
  @ApiPropertyOptional({ example: '2020-05-25T23:59:59-04:00' }) @IsOptional() @IsIso8601Instant() to?: string;
  @ApiProperty({ description: 'True when only an approximation is known' }) @IsBoolean() approximate!: boolean;
}

export class PersonalInformationDto {
  @ApiProperty({ enum: PI_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(PI_CATEGORIES.length)
  @IsIn(PI_CATEGORIES, { each: true })
  categories!: (typeof PI_CATEGORIES)[number][];

  @ApiPropertyOptional({ description: 'Why the information concerned is not known yet (register field 1)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  unknownReason?: string;
}

export class PersonsDto {
  @ApiProperty({ example: 1756 }) @IsInt() @Min(0) count!: number;
  @ApiProperty() @IsBoolean() approximate!: boolean;
  @ApiPropertyOptional({ example: 1756 }) @IsOptional() @IsInt() @Min(0) inQuebec?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) inEU?: number;
}

export class SystemsDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true }) affected!: string[];
  @ApiProperty() @IsBoolean() servicesDown!: boolean;
}

/** The facts of an incident; every field is optional in an amendment (a nested object is replaced whole). */
class IncidentFactsFields {
  @ApiProperty({ enum: INCIDENT_KINDS }) @IsIn(INCIDENT_KINDS) kind!: (typeof INCIDENT_KINDS)[number];
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiProperty() @IsString() @MaxLength(10_000) description!: string;
  @ApiProperty({ type: OriginDto }) @ValidateNested() @Type(() => OriginDto) origin!: OriginDto;
  @ApiProperty({ type: PeriodDto }) @ValidateNested() @Type(() => PeriodDto) occurred!: PeriodDto;
  @ApiProperty({ example: '2020-06-15T09:00:00-04:00', description: 'When the organization became aware (business time)' }) @IsIso8601Instant() awareAt!: string;
  @ApiPropertyOptional({ description: 'When an officer was informed (the AMF 24 h clock)' }) @IsOptional() @IsIso8601Instant() officerInformedAt?: string;
  @ApiProperty({ type: PersonalInformationDto }) @ValidateNested() @Type(() => PersonalInformationDto) personalInformation!: PersonalInformationDto;
  @ApiProperty({ type: PersonsDto }) @ValidateNested() @Type(() => PersonsDto) persons!: PersonsDto;
  @ApiProperty({ type: SystemsDto }) @ValidateNested() @Type(() => SystemsDto) systems!: SystemsDto;
}

export class DeclareIncidentDto extends IncidentFactsFields {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organizationId!: string;
}

export class AmendIncidentFactsDto {
  @ApiProperty({ description: 'Why the facts change (kept in history)' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
  @ApiPropertyOptional({ enum: INCIDENT_KINDS }) @IsOptional() @IsIn(INCIDENT_KINDS) kind?: (typeof INCIDENT_KINDS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) description?: string;
  @ApiPropertyOptional({ type: OriginDto }) @IsOptional() @ValidateNested() @Type(() => OriginDto) origin?: OriginDto;
  @ApiPropertyOptional({ type: PeriodDto }) @IsOptional() @ValidateNested() @Type(() => PeriodDto) occurred?: PeriodDto;
  @ApiPropertyOptional() @IsOptional() @IsIso8601Instant() awareAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsIso8601Instant() officerInformedAt?: string;
  @ApiPropertyOptional({ type: PersonalInformationDto }) @IsOptional() @ValidateNested() @Type(() => PersonalInformationDto) personalInformation?: PersonalInformationDto;
  @ApiPropertyOptional({ type: PersonsDto }) @IsOptional() @ValidateNested() @Type(() => PersonsDto) persons?: PersonsDto;
  @ApiPropertyOptional({ type: SystemsDto }) @IsOptional() @ValidateNested() @Type(() => SystemsDto) systems?: SystemsDto;
}

export class ConsequencesDto {
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS) level!: (typeof LEVELS)[number];
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) description!: string;
}

export class AssessRiskDto {
  @ApiProperty({ enum: LEVELS, description: 'Sensitivity of the information (s. 3.7)' }) @IsIn(LEVELS) sensitivity!: (typeof LEVELS)[number];
  @ApiProperty({ type: ConsequencesDto }) @ValidateNested() @Type(() => ConsequencesDto) anticipatedConsequences!: ConsequencesDto;
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS) likelihoodOfInjuriousUse!: (typeof LEVELS)[number];
  @ApiProperty({ description: 'The conclusion: is there a risk of serious injury?' }) @IsBoolean() seriousInjuryRisk!: boolean;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
  @ApiProperty() @IsBoolean() privacyOfficerConsulted!: boolean;
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() assessedAt!: string;
}

export class RecordNotificationDto {
  @ApiProperty({ enum: RECIPIENTS }) @IsIn(RECIPIENTS) recipient!: (typeof RECIPIENTS)[number];
  @ApiPropertyOptional({ description: 'Required for "other" and "other_regulator"' }) @IsOptional() @IsString() @MaxLength(300) recipientName?: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: (typeof CHANNELS)[number];
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() sentAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) summary!: string;
  @ApiPropertyOptional({ description: 'Where the proof is kept (document id, ticket, URL)' }) @IsOptional() @IsString() @MaxLength(500) evidenceRef?: string;
}

export class DeferPersonsNotificationDto {
  @ApiProperty({ description: 'Why notifying could hamper the investigation' }) @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
  @ApiProperty({ example: 'SPVM' }) @IsString() @IsNotEmpty() @MaxLength(300) investigatingBody!: string;
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() since!: string;
}

export class RecordMitigationDto {
  @ApiProperty({ enum: MITIGATIONS }) @IsIn(MITIGATIONS) measure!: (typeof MITIGATIONS)[number];
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) description!: string;
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() takenAt!: string;
}

export class ContainIncidentDto {
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() containedAt!: string;
}

export class CloseIncidentDto {
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() closedAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) summary!: string;
}

export class WaiveObligationDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) reason!: string;
  @ApiProperty({ description: 'Who approved the waiver' }) @IsString() @IsNotEmpty() @MaxLength(300) approver!: string;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ description: 'Judge obligations at this moment (default: now)', example: INSTANT_EXAMPLE })
  @IsOptional()
  @IsIso8601Instant()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['fr', 'en'] }) @IsOptional() @IsIn(['fr', 'en']) lang?: string;
}

export const OBLIGATION_ID = /^[a-z0-9.-]{1,100}$/;
