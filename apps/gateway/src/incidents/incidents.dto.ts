import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { CHANNELS, INCIDENT_KINDS, LEVELS, MITIGATIONS, ORIGINS, RECIPIENTS } from '@app/incidents';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
} from 'class-validator';
import { IsIso8601Instant, NestedObject } from '../http/validators';
import { both } from '../http/bilingual';

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

@InputType('OriginInput')
export class OriginDto {
  @ApiProperty({ enum: ORIGINS }) @IsIn(ORIGINS) @Field(() => String) type!: (typeof ORIGINS)[number];
  @ApiPropertyOptional({ example: 'Fournisseur du logiciel de paiement' }) @IsOptional() @IsString() @MaxLength(300) @Field(() => String, { nullable: true }) name?: string;
}

@InputType('PeriodInput')
export class PeriodDto {
  @ApiProperty({ example: '2020-05-20T00:00:00-04:00' }) @IsIso8601Instant() @Field(() => String) from!: string;
  @ApiPropertyOptional({ example: '2020-05-25T23:59:59-04:00' }) @IsOptional() @IsIso8601Instant() @Field(() => String, { nullable: true }) to?: string;
  @ApiProperty({ description: both('True when only an approximation is known', 'Vrai quand seule une approximation est connue') }) @IsBoolean() @Field(() => Boolean) approximate!: boolean;
}

@InputType('PersonalInformationInput')
export class PersonalInformationDto {
  @ApiProperty({ enum: PI_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(PI_CATEGORIES.length)
  @IsIn(PI_CATEGORIES, { each: true })
  @Field(() => [String]) categories!: (typeof PI_CATEGORIES)[number][];

  @ApiPropertyOptional({ description: both('Why the information concerned is not known yet (register field 1)', 'Pourquoi les renseignements visés ne sont pas encore connus (champ 1 du registre)') })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Field(() => String, { nullable: true }) unknownReason?: string;
}

@InputType('PersonsInput')
export class PersonsDto {
  @ApiProperty({ example: 1756 }) @IsInt() @Min(0) @Field(() => Int) count!: number;
  @ApiProperty() @IsBoolean() @Field(() => Boolean) approximate!: boolean;
  @ApiPropertyOptional({ example: 1756 }) @IsOptional() @IsInt() @Min(0) @Field(() => Int, { nullable: true }) inQuebec?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Field(() => Int, { nullable: true }) inEU?: number;
}

@InputType('SystemsInput')
export class SystemsDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(200, { each: true }) @Field(() => [String]) affected!: string[];
  @ApiProperty() @IsBoolean() @Field(() => Boolean) servicesDown!: boolean;
}

/** The facts of an incident; every field is optional in an amendment (a nested object is replaced whole). */
@InputType('IncidentFactsFieldsInput', { isAbstract: true })
class IncidentFactsFields {
  @ApiProperty({ enum: INCIDENT_KINDS }) @IsIn(INCIDENT_KINDS) @Field(() => String) kind!: (typeof INCIDENT_KINDS)[number];
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String) title!: string;
  @ApiProperty() @IsString() @MaxLength(10_000) @Field(() => String) description!: string;
  @ApiProperty({ type: OriginDto }) @NestedObject(() => OriginDto) @Field(() => OriginDto) origin!: OriginDto;
  @ApiProperty({ type: PeriodDto }) @NestedObject(() => PeriodDto) @Field(() => PeriodDto) occurred!: PeriodDto;
  @ApiProperty({ example: '2020-06-15T09:00:00-04:00', description: both('When the organization became aware (business time)', 'Quand l’organisation en a pris connaissance (temps métier)') }) @IsIso8601Instant() @Field(() => String) awareAt!: string;
  @ApiPropertyOptional({ description: both('When an officer was informed (the AMF 24 h clock)', 'Quand un dirigeant en a été informé (le délai de 24 h de l’AMF)') }) @IsOptional() @IsIso8601Instant() @Field(() => String, { nullable: true }) officerInformedAt?: string;
  @ApiProperty({ type: PersonalInformationDto }) @NestedObject(() => PersonalInformationDto) @Field(() => PersonalInformationDto) personalInformation!: PersonalInformationDto;
  @ApiProperty({ type: PersonsDto }) @NestedObject(() => PersonsDto) @Field(() => PersonsDto) persons!: PersonsDto;
  @ApiProperty({ type: SystemsDto }) @NestedObject(() => SystemsDto) @Field(() => SystemsDto) systems!: SystemsDto;
}

@InputType('DeclareIncidentInput')
export class DeclareIncidentDto extends IncidentFactsFields {
  @ApiProperty({ format: 'uuid' }) @IsUUID() @Field(() => String) organizationId!: string;
}

@InputType('AmendIncidentFactsInput')
export class AmendIncidentFactsDto {
  @ApiProperty({ description: both('Why the facts change (kept in history)', 'Pourquoi les faits changent (conservé dans l’historique)') }) @IsString() @IsNotEmpty() @MaxLength(2000) @Field(() => String) reason!: string;
  @ApiPropertyOptional({ enum: INCIDENT_KINDS }) @IsOptional() @IsIn(INCIDENT_KINDS) @Field(() => String, { nullable: true }) kind?: (typeof INCIDENT_KINDS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String, { nullable: true }) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) @Field(() => String, { nullable: true }) description?: string;
  @ApiPropertyOptional({ type: OriginDto }) @IsOptional() @NestedObject(() => OriginDto) @Field(() => OriginDto, { nullable: true }) origin?: OriginDto;
  @ApiPropertyOptional({ type: PeriodDto }) @IsOptional() @NestedObject(() => PeriodDto) @Field(() => PeriodDto, { nullable: true }) occurred?: PeriodDto;
  @ApiPropertyOptional() @IsOptional() @IsIso8601Instant() @Field(() => String, { nullable: true }) awareAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsIso8601Instant() @Field(() => String, { nullable: true }) officerInformedAt?: string;
  @ApiPropertyOptional({ type: PersonalInformationDto }) @IsOptional() @NestedObject(() => PersonalInformationDto) @Field(() => PersonalInformationDto, { nullable: true }) personalInformation?: PersonalInformationDto;
  @ApiPropertyOptional({ type: PersonsDto }) @IsOptional() @NestedObject(() => PersonsDto) @Field(() => PersonsDto, { nullable: true }) persons?: PersonsDto;
  @ApiPropertyOptional({ type: SystemsDto }) @IsOptional() @NestedObject(() => SystemsDto) @Field(() => SystemsDto, { nullable: true }) systems?: SystemsDto;
}

@InputType('ConsequencesInput')
export class ConsequencesDto {
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS) @Field(() => String) level!: (typeof LEVELS)[number];
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) @Field(() => String) description!: string;
}

@InputType('AssessRiskInput')
export class AssessRiskDto {
  @ApiProperty({ enum: LEVELS, description: both('Sensitivity of the information (s. 3.7)', 'Sensibilité des renseignements (art. 3.7)') }) @IsIn(LEVELS) @Field(() => String) sensitivity!: (typeof LEVELS)[number];
  @ApiProperty({ type: ConsequencesDto }) @NestedObject(() => ConsequencesDto) @Field(() => ConsequencesDto) anticipatedConsequences!: ConsequencesDto;
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS) @Field(() => String) likelihoodOfInjuriousUse!: (typeof LEVELS)[number];
  @ApiProperty({ description: both('The conclusion: is there a risk of serious injury?', 'La conclusion : y a-t-il un risque de préjudice sérieux?') }) @IsBoolean() @Field(() => Boolean) seriousInjuryRisk!: boolean;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) reason!: string;
  @ApiProperty() @IsBoolean() @Field(() => Boolean) privacyOfficerConsulted!: boolean;
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() @Field(() => String) assessedAt!: string;
}

@InputType('RecordNotificationInput')
export class RecordNotificationDto {
  @ApiProperty({ enum: RECIPIENTS }) @IsIn(RECIPIENTS) @Field(() => String) recipient!: (typeof RECIPIENTS)[number];
  @ApiPropertyOptional({ description: both('Required for "other" and "other_regulator"', 'Requis pour « other » et « other_regulator »') }) @IsOptional() @IsString() @MaxLength(300) @Field(() => String, { nullable: true }) recipientName?: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) @Field(() => String) channel!: (typeof CHANNELS)[number];
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() @Field(() => String) sentAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) summary!: string;
  @ApiPropertyOptional({ description: both('Where the proof is kept (document id, ticket, URL)', 'Où la preuve est conservée (identifiant de document, billet, URL)') }) @IsOptional() @IsString() @MaxLength(500) @Field(() => String, { nullable: true }) evidenceRef?: string;
}

@InputType('DeferPersonsNotificationInput')
export class DeferPersonsNotificationDto {
  @ApiProperty({ description: both('Why notifying could hamper the investigation', 'Pourquoi aviser pourrait entraver l’enquête') }) @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) reason!: string;
  @ApiProperty({ example: 'SPVM' }) @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String) investigatingBody!: string;
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() @Field(() => String) since!: string;
}

@InputType('RecordMitigationInput')
export class RecordMitigationDto {
  @ApiProperty({ enum: MITIGATIONS }) @IsIn(MITIGATIONS) @Field(() => String) measure!: (typeof MITIGATIONS)[number];
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) description!: string;
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() @Field(() => String) takenAt!: string;
}

@InputType('ContainIncidentInput')
export class ContainIncidentDto {
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() @Field(() => String) containedAt!: string;
}

@InputType('CloseIncidentInput')
export class CloseIncidentDto {
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsIso8601Instant() @Field(() => String) closedAt!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) summary!: string;
}

@InputType('WaiveObligationInput')
export class WaiveObligationDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) @Field(() => String) reason!: string;
  @ApiProperty({ description: both('Who approved the waiver', 'Qui a approuvé la dispense') }) @IsString() @IsNotEmpty() @MaxLength(300) @Field(() => String) approver!: string;
}

export class AsOfQueryDto {
  @ApiPropertyOptional({ description: both('Judge obligations at this moment (default: now)', 'Juger les obligations à ce moment (par défaut : maintenant)'), example: INSTANT_EXAMPLE })
  @IsOptional()
  @IsIso8601Instant()
  asOf?: string;

  @ApiPropertyOptional({ enum: ['fr', 'en'] }) @IsOptional() @IsIn(['fr', 'en']) lang?: string;
}

export const OBLIGATION_ID = /^[a-z0-9.-]{1,100}$/;
