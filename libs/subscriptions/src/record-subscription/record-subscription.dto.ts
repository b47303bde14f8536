import { type Billing, BILLINGS, type Channel, CHANNELS } from '@ledger/kernel';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoDateTime, IsLedgerId, IsOneOf, IsShortText, SHORT_TEXT_MAX } from '@ledger/api';

/**
 * `POST /v1/subscriptions` body: RecordSubscription (domain §4.4). Whether `partnerOfRecord` fits
 * the channel is a domain rule (the decider's `no-active-relationship` / 422
 * `partner-of-record-not-allowed`), not a shape rule.
 */
export class RecordSubscriptionDto {
  @ApiProperty({ format: 'uuid' })
  @IsLedgerId()
  subscriptionId!: string;

  @ApiProperty({ format: 'uuid', description: 'The customer who bought it; must be registered.' })
  @IsLedgerId()
  customerId!: string;

  @ApiProperty({ maxLength: SHORT_TEXT_MAX, example: 'Microsoft 365 E3', description: 'What was bought.' })
  @IsShortText()
  offer!: string;

  @ApiProperty({ enum: BILLINGS, description: '`license`: seats with a term; `usage`: metered (Azure).' })
  @IsOneOf(BILLINGS)
  billing!: Billing;

  @ApiProperty({ enum: CHANNELS, description: 'Where it was bought; only `csp` subscriptions have a partner of record.' })
  @IsOneOf(CHANNELS)
  channel!: Channel;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'For `csp` only (required there): the selling partner, which must have an active relationship with the customer.',
  })
  @IsOptional()
  @IsLedgerId()
  partnerOfRecord?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'End of the current term (recorded in UTC); a `license` subscription may switch partner only once it has passed.',
  })
  @IsOptional()
  @IsIsoDateTime()
  termEndsAt?: string;
}
