import { AsOf, AsOfBasis } from '@app/audit';
import { assertWithinHorizon, DomainError, isIsoInstant } from '@app/kernel';
import { ArgsType, Field } from '@nestjs/graphql';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageDto, ReadQueryDto } from '../http/read-query.dto';
import { LedgerSeriesQueryDto } from '../exports/exports.dto';
import { both } from '../http/bilingual';
import { KNOWN_EVENT_TYPES, STREAM_CATEGORIES } from './event-types';

const BASES: AsOfBasis[] = ['business', 'recorded', 'position'];

/**
 * The moment an auditor asks about, for REST's query string and GraphQL's arguments alike:
 * "what was true at T" (business), "what did we know at T" (recorded), or the log as it
 * stood at a position.
 */
@ArgsType()
export class AsOfDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: BASES, description: both('business: what was true at T; recorded: what we knew at T; position: the log as it stood', 'business : ce qui était vrai à T; recorded : ce qu’on savait à T; position : le journal tel qu’il était') })
  @IsOptional()
  @IsIn(BASES)
  @Field(() => String, { nullable: true, description: both('business | recorded (default) | position', 'business (ce qui était vrai) | recorded (ce qui était connu; par défaut) | position') })
  basis?: AsOfBasis;

  @ApiPropertyOptional({ description: both('An ISO instant (business, recorded) or a position', 'Un instant ISO (business, recorded) ou une position') })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Field(() => String, { nullable: true, description: both('An ISO 8601 instant with an offset (business, recorded; default now) or a position', 'Un instant ISO 8601 avec fuseau (business, recorded; maintenant par défaut) ou une position') })
  at?: string;
}

/** A page of a list as it stood at a moment (the rules of both, validation included). */
export class AsOfPageDto extends IntersectionType(AsOfDto, PageDto) {}

/** An order's ledger series as it stood at a moment. */
export class AsOfLedgerSeriesDto extends IntersectionType(AsOfDto, LedgerSeriesQueryDto) {}

export class StreamQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ default: 0, description: both('The first revision of the page (nextRevision of the previous one)', 'La première révision de la page (nextRevision de la précédente)') }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) fromRevision?: number;
  @ApiPropertyOptional({ default: 1000, maximum: 5000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
}

export class LogQueryDto extends ReadQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) after?: number;
  @ApiPropertyOptional({ default: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
  @ApiPropertyOptional({ description: `${both('Comma-separated event types', 'Types d’événements, séparés par des virgules')}: ${[...KNOWN_EVENT_TYPES].join(', ')}` }) @IsOptional() @Matches(/^[A-Za-z][A-Za-z0-9_.-]*(,[A-Za-z][A-Za-z0-9_.-]*)*$/) types?: string;
  @ApiPropertyOptional({ description: `${both('The start of the streams’ names', 'Le début du nom des flux')}: ${STREAM_CATEGORIES.map((c) => `${c}…`).join(', ')}` }) @IsOptional() @IsString() @MaxLength(200) streamPrefix?: string;
}

/** The moment asked about, checked: a position for basis=position, else an instant within the judgment horizon (default now). */
export function toAsOf(q: AsOfDto, now: Date): AsOf {
  const basis = q.basis ?? 'recorded';
  if (basis === 'position') {
    if (!q.at || !/^\d{1,15}$/.test(q.at)) throw DomainError.validation([{ field: 'at', rule: 'position', message: { en: 'with basis=position, at must be a position', fr: 'avec basis=position, at doit être une position' } }]);
    return { basis, at: Number(q.at) };
  }
  if (q.at !== undefined && !isIsoInstant(q.at)) throw DomainError.validation([{ field: 'at', rule: 'isIso8601Instant', message: { en: 'must be an ISO 8601 date-time with an offset', fr: 'doit être une date-heure ISO 8601 avec fuseau' } }]);
  if (q.at !== undefined) assertWithinHorizon(now, { at: q.at });
  return { basis, at: q.at ? new Date(q.at).toISOString() : now.toISOString() };
}
