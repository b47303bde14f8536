import { ApiProperty } from '@nestjs/swagger';
import { IsLedgerId } from '../../http/field-formats';

/*
 * Path parameters of the reads as DTOs, so a malformed id is 400 `validation-failed` before any
 * authorization or lookup (api.md, Errors: shape before actor), and a well-formed one is
 * lower-cased (ids are case-insensitive UUIDs: `8A6E…` reads the same partner as `8a6e…`).
 */

export class PartnerIdParams {
  @ApiProperty({ format: 'uuid', description: 'The partner (its CSP tenant id).' })
  @IsLedgerId()
  partnerId!: string;
}

export class ResellerIdParams {
  @ApiProperty({ format: 'uuid', description: 'The indirect reseller.' })
  @IsLedgerId()
  resellerId!: string;
}

export class ProviderIdParams {
  @ApiProperty({ format: 'uuid', description: 'The indirect provider.' })
  @IsLedgerId()
  providerId!: string;
}

export class ResellerProviderParams extends ResellerIdParams {
  @ApiProperty({ format: 'uuid', description: 'One of the reseller\'s indirect providers.' })
  @IsLedgerId()
  providerId!: string;
}

export class CustomerIdParams {
  @ApiProperty({ format: 'uuid', description: "The customer's tenant id." })
  @IsLedgerId()
  customerId!: string;
}
