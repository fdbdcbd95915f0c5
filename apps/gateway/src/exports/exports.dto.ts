import { ArgsType, Field } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ReadQueryDto } from '../http/read-query.dto';
import { IsIso8601Instant } from '../http/validators';
import { both } from '../http/bilingual';

export class LedgerExportQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: ['comma', 'semicolon'], description: both('CSV separator (default: semicolon in French, comma in English)', 'Séparateur CSV (par défaut : point-virgule en français, virgule en anglais)') })
  @IsOptional()
  @IsIn(['comma', 'semicolon'])
  delimiter?: 'comma' | 'semicolon';
}

export class RegisterExportQueryDto extends LedgerExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'pdf'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'pdf']) format?: 'csv' | 'pdf';
  @ApiPropertyOptional({ description: both('The register as it stood at this moment, now or past (default: now)', 'Le registre tel qu’il était à ce moment, présent ou passé (par défaut : maintenant)') }) @IsOptional() @IsIso8601Instant() asOf?: string;
  @ApiPropertyOptional({ enum: ['business', 'recorded'], default: 'business', description: both('business: facts that occurred by asOf; recorded: facts known (recorded) by asOf', 'business : faits survenus au plus tard à asOf; recorded : faits connus (consignés) au plus tard à asOf') })
  @IsOptional()
  @IsIn(['business', 'recorded'])
  basis?: 'business' | 'recorded';
}

/** The CSV separator asked for, or undefined for the language's default. */
export const csvDelimiter = (q: LedgerExportQueryDto) => (q.delimiter === 'comma' ? ',' : q.delimiter === 'semicolon' ? ';' : undefined);

/** The ledger's lines a page at a time, in the order recorded: 1,000 unless the request says (at most 5,000). */
export class LedgerPageQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ default: 1000, maximum: 5000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
  @ApiPropertyOptional({ description: both('nextCursor of the previous page', 'nextCursor de la page précédente') }) @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
}

/** Also the GraphQL orderLedgerSeries's arguments: one rule for both. */
@ArgsType()
export class LedgerSeriesQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({
    enum: ['day', 'month'],
    description: both('One point per day or per month (default: days for a ledger of up to 366 days, months beyond)', 'Un point par jour ou par mois (par défaut : par jour pour un registre d’au plus 366 jours, par mois au-delà)'),
  })
  @IsOptional()
  @IsIn(['day', 'month'])
  @Field(() => String, { nullable: true, description: both('day or month (default: days for up to 366 days of ledger, months beyond)', 'day (jour) ou month (mois) (par défaut : par jour jusqu’à 366 jours de registre, par mois au-delà)') })
  grain?: 'day' | 'month';
}
