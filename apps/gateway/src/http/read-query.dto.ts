import type { PageRequest } from '@app/kernel';
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { both } from './bilingual';
import { saying } from './validation';
import { IsIso8601Instant } from './validators';

/**
 * Parameters every read accepts: read-your-writes and the language. The query classes are
 * also GraphQL argument types (the fields marked `@Field`): one set of rules for a REST query
 * string and a GraphQL query's arguments.
 */
@ArgsType()
export class ReadQueryDto {
  @ApiPropertyOptional({ description: both('Wait until the read models reached this position', 'Attendre que les modèles de lecture aient atteint cette position') }) @IsOptional() @Matches(/^\d{1,15}$/) minPosition?: string;
  @ApiPropertyOptional({ enum: ['fr', 'en'] }) @IsOptional() @IsIn(['fr', 'en']) lang?: string;
}

@ArgsType()
export class AsOfReadQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: both('Judge at this moment (default: now)', 'Juger à ce moment (par défaut : maintenant)') }) @IsOptional() @IsIso8601Instant() @Field(() => String, { nullable: true }) asOf?: string;
}

/** A page of a list: at most `limit` entries after `cursor` (the previous page's nextCursor). */
@ArgsType()
export class PageDto extends ReadQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) @Field(() => Int, { nullable: true, defaultValue: 50 }) limit?: number;
  @ApiPropertyOptional({ description: both('nextCursor of the previous page', 'nextCursor de la page précédente') }) @IsOptional() @IsString() @MaxLength(2000) @Field(() => String, { nullable: true }) cursor?: string;
}

/** The page a request asks for, 50 entries unless it says. */
export const pageRequest = (q: { limit?: number; cursor?: string }): PageRequest => ({ limit: q.limit ?? 50, cursor: q.cursor });

@ArgsType()
export class PageQueryDto extends PageDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() @Field(() => ID, { nullable: true }) organizationId?: string;
}

@ArgsType()
export class IncidentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'contained', 'closed'] }) @IsOptional() @IsIn(['open', 'contained', 'closed']) @Field(() => String, { nullable: true }) status?: string;
  @ApiPropertyOptional({ enum: ['confidentiality', 'cyberattack', 'operational'] })
  @IsOptional()
  @IsIn(['confidentiality', 'cyberattack', 'operational'])
  @Field(() => String, { nullable: true })
  kind?: string;
}

@ArgsType()
export class OrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['issued', 'lifted'] }) @IsOptional() @IsIn(['issued', 'lifted']) @Field(() => String, { nullable: true }) status?: string;
}

/** The calendar is paged like the lists (most urgent first); each page says how many there are in all, and how many are overdue or due soon. */
@ArgsType()
export class ObligationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['overdue', 'due_soon', 'open'], description: both('Comma-separated', 'Séparés par des virgules') })
  @IsOptional()
  @Matches(/^(overdue|due_soon|open)(,(overdue|due_soon|open))*$/, saying('when must list overdue, due_soon or open, comma-separated', 'doit énumérer overdue, due_soon ou open, séparés par des virgules'))
  @Field(() => String, { nullable: true, description: both('overdue, due_soon or open, comma-separated', 'overdue (en retard), due_soon (bientôt due) ou open (ouverte), séparés par des virgules') })
  when?: string;
  @ApiPropertyOptional() @IsOptional() @IsIso8601Instant() @Field(() => String, { nullable: true }) from?: string;
  @ApiPropertyOptional() @IsOptional() @IsIso8601Instant() @Field(() => String, { nullable: true }) to?: string;
}

/** The obligations calendar's filter from its validated query (REST and GraphQL), within the caller's scope. */
export async function obligationsFilter(q: ObligationsQueryDto, scope: Promise<string[] | undefined>) {
  return {
    organizationId: q.organizationId?.toLowerCase(),
    scope: await scope,
    when: q.when?.split(',') as ('overdue' | 'due_soon' | 'open')[] | undefined,
    from: q.from ? new Date(q.from).toISOString() : undefined,
    to: q.to ? new Date(q.to).toISOString() : undefined,
  };
}

@ArgsType()
export class RegisterQueryDto extends ReadQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() @Field(() => ID) organizationId!: string;
  // REST only: the register is one document, whole unless a page is asked for (a screen shows a page; the export is whole).
  @ApiPropertyOptional({ maximum: 500, description: both('A page of the register, in order of awareness (default: the whole register)', 'Une page du registre, par ordre de prise de connaissance (par défaut : le registre entier)') })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ description: both('nextCursor of the previous page', 'nextCursor de la page précédente') }) @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
}
