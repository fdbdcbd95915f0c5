import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { JURISDICTIONS, OrganizationProfile, SECTORS } from '@app/organizations';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { saying } from '../http/validation';
import { NestedObject } from '../http/validators';
import { both } from '../http/bilingual';

@InputType('PrivacyOfficerInput')
export class PrivacyOfficerDto {
  @ApiProperty({ example: 'Marie Tremblay' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Field(() => String) name!: string;

  @ApiProperty({ example: 'prp@example.org' })
  @IsEmail()
  @MaxLength(320)
  @Field(() => String) email!: string;
}

@InputType('RegisterOrganizationInput')
export class RegisterOrganizationDto {
  @ApiProperty({ example: 'Ordre des ingénieurs du Québec' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  @Field(() => String) name!: string;

  @ApiPropertyOptional({ description: both('Quebec enterprise number (NEQ), 10 digits', 'Numéro d’entreprise du Québec (NEQ), 10 chiffres'), example: '1234567890' })
  @IsOptional()
  @Matches(/^\d{10}$/, saying('quebecBusinessNumber must be 10 digits (NEQ)', 'doit compter 10 chiffres (NEQ)'))
  @Field(() => String, { nullable: true }) quebecBusinessNumber?: string;

  @ApiProperty({ enum: SECTORS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(SECTORS.length)
  @IsIn(SECTORS, { each: true })
  @Field(() => [String]) sectors!: (typeof SECTORS)[number][];

  @ApiProperty({ enum: JURISDICTIONS, isArray: true, description: both('Where it operates or holds personal information', 'Où elle exerce ses activités ou détient des renseignements personnels') })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(JURISDICTIONS, { each: true })
  @Field(() => [String]) jurisdictions!: (typeof JURISDICTIONS)[number][];

  @ApiProperty({ type: PrivacyOfficerDto })
  @NestedObject(() => PrivacyOfficerDto)
  @Field(() => PrivacyOfficerDto) privacyOfficer!: PrivacyOfficerDto;
}

@InputType('ChangeOrganizationProfileInput')
export class ChangeOrganizationProfileDto extends RegisterOrganizationDto {
  @ApiProperty({ description: both('Why the profile changes (kept in history)', 'Pourquoi le profil change (conservé dans l’historique)'), example: 'Nouvelle responsable de la protection des renseignements personnels' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  @Field(() => String) reason!: string;
}

/** The domain's profile from a registration or a change (an absent NEQ is null). */
export const toProfile = (d: RegisterOrganizationDto): OrganizationProfile => ({
  name: d.name,
  quebecBusinessNumber: d.quebecBusinessNumber ?? null,
  sectors: d.sectors,
  jurisdictions: d.jurisdictions,
  privacyOfficer: { name: d.privacyOfficer.name, email: d.privacyOfficer.email },
});
