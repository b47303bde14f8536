import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLOUDS, type Cloud, PARTNER_TYPES, type PartnerType } from '@ledger/kernel';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import {
  IsCountryCode,
  IsEmailAddress,
  IsLedgerId,
  IsMpnId,
  IsOneOf,
  IsShortText,
  SHORT_TEXT_MAX,
  WriteResponseBody,
} from '@ledger/api';

/** The organisation's legal business profile, as registered with the partner program. */
export class LegalProfileDto {
  @ApiProperty({ maxLength: SHORT_TEXT_MAX, example: 'Contoso Ltd' })
  @IsShortText()
  name!: string;

  @ApiProperty({ maxLength: SHORT_TEXT_MAX, example: '1 Main Street, Springfield' })
  @IsShortText()
  address!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2; must equal `tenantCountry` (else 422 `mpn-country-mismatch`).', example: 'US' })
  @IsCountryCode()
  country!: string;
}

/** The person the program emails to verify the enrollment; recorded as the first user. */
export class PrimaryContactDto {
  @ApiProperty({ maxLength: SHORT_TEXT_MAX, example: 'Ada Lovelace' })
  @IsShortText()
  name!: string;

  @ApiProperty({ format: 'email', description: 'Not at a web-based mail service (else 422 `webmail-not-accepted`).', example: 'ada@contoso.example' })
  @IsEmailAddress()
  email!: string;

  @ApiProperty({ maxLength: SHORT_TEXT_MAX, example: '+1 555 0100' })
  @IsShortText()
  phone!: string;
}

export class SupportContactDto {
  @ApiProperty({ format: 'email', example: 'support@contoso.example' })
  @IsEmailAddress()
  email!: string;

  @ApiProperty({ maxLength: SHORT_TEXT_MAX, example: '+1 555 0199' })
  @IsShortText()
  phone!: string;

  @ApiPropertyOptional({ format: 'uri', maxLength: SHORT_TEXT_MAX, example: 'https://support.contoso.example' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'] }, { message: '$property must be an http or https URL' })
  @MaxLength(SHORT_TEXT_MAX)
  website?: string;
}

/** Body of `POST /v1/partners` (EnrollPartner, domain §4.1). */
export class EnrollPartnerDto {
  @ApiProperty({ format: 'uuid', description: 'The tenant id of the partner\'s CSP tenant; it becomes the partner id and must be the token\'s `tid`.' })
  @IsLedgerId()
  partnerId!: string;

  @ApiProperty({ enum: PARTNER_TYPES })
  @IsOneOf(PARTNER_TYPES)
  partnerType!: PartnerType;

  @ApiProperty({ pattern: '^\\d{6,10}$', description: 'MPN id, 6 to 10 digits; one partner per id (else 409 `mpn-id-in-use`).', example: '1234567' })
  @IsMpnId()
  mpnId!: string;

  @ApiProperty({ enum: CLOUDS })
  @IsOneOf(CLOUDS)
  cloud!: Cloud;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country of the tenant.', example: 'US' })
  @IsCountryCode()
  tenantCountry!: string;

  @ApiProperty({ type: LegalProfileDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LegalProfileDto)
  legalProfile!: LegalProfileDto;

  @ApiProperty({ type: PrimaryContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PrimaryContactDto)
  primaryContact!: PrimaryContactDto;

  @ApiProperty({ type: SupportContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SupportContactDto)
  supportContact!: SupportContactDto;
}

export class EnrollPartnerResponse extends WriteResponseBody {
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;

  @ApiProperty({ enum: ['pending'], description: 'A new enrollment awaits verification and review.' })
  status!: 'pending';
}
