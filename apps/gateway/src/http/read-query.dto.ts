import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsIso8601Instant } from './validators';

/** Parameters every read accepts: read-your-writes and the language. */
export class ReadQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the read models reached this position' }) @IsOptional() @Matches(/^\d{1,15}$/) minPosition?: string;
  @ApiPropertyOptional({ enum: ['fr', 'en'] }) @IsOptional() @IsIn(['fr', 'en']) lang?: string;
}

export class AsOfReadQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'Judge at this moment (default: now)' }) @IsOptional() @IsIso8601Instant() asOf?: string;
}

export class PageQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(2000) cursor?: string;
}

export class IncidentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'contained', 'closed'] }) @IsOptional() @IsIn(['open', 'contained', 'closed']) status?: string;
  @ApiPropertyOptional({ enum: ['confidentiality', 'cyberattack', 'operational'] }) @IsOptional() @IsIn(['confidentiality', 'cyberattack', 'operational']) kind?: string;
}

export class OrderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['issued', 'lifted'] }) @IsOptional() @IsIn(['issued', 'lifted']) status?: string;
}

export class ObligationsQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: ['overdue', 'due_soon', 'open'], description: 'Comma-separated' })
  @IsOptional()
  @Matches(/^(overdue|due_soon|open)(,(overdue|due_soon|open))*$/, { message: 'when must list overdue, due_soon or open, comma-separated' })
  when?: string;
  @ApiPropertyOptional() @IsOptional() @IsIso8601Instant() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsIso8601Instant() to?: string;
}

export class RegisterQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsUUID() organizationId!: string;
}
