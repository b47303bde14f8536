import { type Billing, BILLINGS, type Channel, CHANNELS } from '@ledger/kernel';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../subscription/subscription.http';

/**
 * `POST /v1/subscriptions` body: RecordSubscription (domain §4.4). Whether `partnerOfRecord` fits
 * the channel is a domain rule (the decider's `no-active-relationship` / 422
 * `partner-of-record-not-allowed`), not a shape rule.
 */
export class RecordSubscriptionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  subscriptionId!: string;

  @ApiProperty({ format: 'uuid', description: 'The customer who bought it; must be registered.' })
  @IsUUID()
  customerId!: string;

  @ApiProperty({ maxLength: 256, example: 'Microsoft 365 E3', description: 'What was bought.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  offer!: string;

  @ApiProperty({ enum: BILLINGS, description: '`license`: seats with a term; `usage`: metered (Azure).' })
  @IsIn(BILLINGS)
  billing!: Billing;

  @ApiProperty({ enum: CHANNELS, description: 'Where it was bought; only `csp` subscriptions have a partner of record.' })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For `csp` only (required there): the selling partner, which must have an active relationship with the customer.',
  })
  @IsOptional()
  @IsUUID()
  partnerOfRecord?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'End of the current term (recorded in UTC); a `license` subscription may switch partner only once it has passed.',
  })
  @IsOptional()
  @IsIsoDateTime()
  termEndsAt?: string;
}
