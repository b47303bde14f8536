import { type Cloud, CLOUDS } from '@ledger/kernel';
import { ApiProperty } from '@nestjs/swagger';
import { IsFQDN, IsIn, IsISO31661Alpha2, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** `POST /v1/customers` body: RegisterCustomer (domain §4.3). */
export class RegisterCustomerDto {
  @ApiProperty({ format: 'uuid', description: "The customer's tenant id; it becomes the customer id." })
  @IsUUID()
  customerId!: string;

  @ApiProperty({ maxLength: 256, example: 'Contoso Ltd' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  companyName!: string;

  @ApiProperty({ maxLength: 253, example: 'contoso.onmicrosoft.com', description: "The customer's primary domain name." })
  @IsString()
  @MaxLength(253)
  @IsFQDN({ require_tld: true, allow_trailing_dot: false }, { message: '$property must be a domain name' })
  domain!: string;

  @ApiProperty({ pattern: '^[A-Z]{2}$', example: 'US', description: 'ISO 3166-1 alpha-2 country code, upper case.' })
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: '$property must be two upper-case letters (ISO 3166-1 alpha-2)' })
  @IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code' })
  country!: string;

  @ApiProperty({ enum: CLOUDS, description: 'The cloud instance the tenant lives in.' })
  @IsIn(CLOUDS)
  cloud!: Cloud;
}

export class RegisterCustomerResponse {
  @ApiProperty({ description: 'Log position of the last event written (opaque, ordered); pass it as `minPosition` to read your write.' })
  position!: string;

  @ApiProperty({ format: 'uuid' })
  customerId!: string;
}
