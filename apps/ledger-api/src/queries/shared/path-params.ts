import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/*
 * Path parameters of the reads as DTOs, so a malformed id is 400 `validation-failed` before any
 * authorization or lookup (api.md, Errors: shape before actor).
 */

const uuid = { message: '$property must be a UUID' };

export class PartnerIdParams {
  @ApiProperty({ format: 'uuid', description: 'The partner (its CSP tenant id).' })
  @IsUUID('all', uuid)
  partnerId!: string;
}

export class ResellerIdParams {
  @ApiProperty({ format: 'uuid', description: 'The indirect reseller.' })
  @IsUUID('all', uuid)
  resellerId!: string;
}

export class ProviderIdParams {
  @ApiProperty({ format: 'uuid', description: 'The indirect provider.' })
  @IsUUID('all', uuid)
  providerId!: string;
}

export class ResellerProviderParams extends ResellerIdParams {
  @ApiProperty({ format: 'uuid', description: 'One of the reseller\'s indirect providers.' })
  @IsUUID('all', uuid)
  providerId!: string;
}

export class CustomerIdParams {
  @ApiProperty({ format: 'uuid', description: "The customer's tenant id." })
  @IsUUID('all', uuid)
  customerId!: string;
}
