import { ApiProperty } from '@nestjs/swagger';
import { IsLedgerId } from '@ledger/api';
import { SubscriptionWriteResponse } from '../subscription/subscription.http';

/** `POST /v1/subscriptions/{subscriptionId}/partner-switch` body. */
export class SwitchSubscriptionPartnerDto {
  @ApiProperty({ format: 'uuid', description: 'The new partner of record; it needs an active relationship with the customer.' })
  @IsLedgerId()
  toPartnerId!: string;
}

/** The answer of SwitchSubscriptionPartner: the subscription and its new partner of record. */
export class SubscriptionPartnerSwitchedResponse extends SubscriptionWriteResponse {
  @ApiProperty({ format: 'uuid' })
  toPartnerId!: string;
}
