import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ReminderSettings } from '@app/organizations';
import { PageQueryDto } from '../http/read-query.dto';
import { both } from '../http/bilingual';

/** An organization's reminder settings (all fields required: a PUT replaces them). */
@InputType('ReminderSettingsInput')
export class ReminderSettingsDto {
  @ApiProperty({ description: both('Reminders on or off for this organization', 'Rappels activés ou non pour cette organisation'), example: true })
  @IsBoolean()
  @Field(() => Boolean) enabled!: boolean;

  @ApiProperty({ description: both('Remind when this share of an obligation’s time has elapsed (product default 80; not a rule of law)', 'Rappeler quand cette part du délai d’une obligation est écoulée (80 par défaut dans le produit; pas une règle de droit)'), minimum: 1, maximum: 99, example: 80 })
  @IsInt()
  @Min(1)
  @Max(99)
  @Field(() => Int) dueSoonAtPercent!: number;

  @ApiProperty({ example: true }) @IsBoolean() @Field(() => Boolean) onDueSoon!: boolean;
  @ApiProperty({ example: true }) @IsBoolean() @Field(() => Boolean) onOverdue!: boolean;
  @ApiProperty({ example: true }) @IsBoolean() @Field(() => Boolean) onPenaltyDay!: boolean;
}

@ArgsType()
export class ReminderListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['due_soon', 'overdue', 'penalty_day'] })
  @IsOptional()
  @IsIn(['due_soon', 'overdue', 'penalty_day'])
  @Field(() => String, { nullable: true })
  trigger?: string;
}

/** Validated input → the domain's settings, shared by REST and GraphQL. */
export const toReminderSettings = (d: ReminderSettingsDto): ReminderSettings => ({
  enabled: d.enabled,
  dueSoonAtPercent: d.dueSoonAtPercent,
  onDueSoon: d.onDueSoon,
  onOverdue: d.onOverdue,
  onPenaltyDay: d.onPenaltyDay,
});
