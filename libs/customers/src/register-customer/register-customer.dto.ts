import { type Cloud, CLOUDS } from '@ledger/kernel';
import { ApiProperty } from '@nestjs/swagger';
import { IsFQDN, IsString, MaxLength } from 'class-validator';
import { IsCountryCode, IsLedgerId, IsOneOf, IsShortText, SHORT_TEXT_MAX, WriteResponseBody } from '@ledger/api';

/** `POST /v1/customers` body: RegisterCustomer (domain §4.3). */
export class RegisterCustomerDto {
  @ApiProperty({ format: 'uuid', description: "The customer's tenant id; it becomes the customer id." })
  @IsLedgerId()
  customerId!: string;

  @ApiProperty({ maxLength: SHORT_TEXT_MAX, example: 'Contoso Ltd' })
  @IsShortText()
  companyName!: string;

  @ApiProperty({ maxLength: 253, example: 'contoso.onmicrosoft.com', description: "The customer's primary domain name." })
  @IsString()
  @MaxLength(253)
  @IsFQDN({ require_tld: true, allow_trailing_dot: false }, { message: '$property must be a domain name' })
  domain!: string;

  @ApiProperty({ pattern: '^[A-Z]{2}$', example: 'US', description: 'ISO 3166-1 alpha-2 country code, upper case.' })
  @IsCountryCode()
  country!: string;

  @ApiProperty({ enum: CLOUDS, description: 'The cloud instance the tenant lives in.' })
  @IsOneOf(CLOUDS)
  cloud!: Cloud;
}

export class RegisterCustomerResponse extends WriteResponseBody {
  @ApiProperty({ format: 'uuid' })
  customerId!: string;
}
