import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
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
