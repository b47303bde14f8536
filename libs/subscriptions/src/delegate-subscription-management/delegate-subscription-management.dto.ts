import { ApiProperty } from '@nestjs/swagger';
import { IsLedgerId } from '@ledger/api';
import { SubscriptionWriteResponse } from '../subscription/subscription.http';

/** `POST /v1/subscriptions/{subscriptionId}/management-delegation` body. */
export class DelegateSubscriptionManagementDto {
  @ApiProperty({ format: 'uuid', description: 'The partner hired to manage the subscription; it needs an active relationship with the customer.' })
  @IsLedgerId()
  partnerId!: string;
}

/** The answer of DelegateSubscriptionManagement: the subscription and the partner now managing it. */
export class SubscriptionDelegatedResponse extends SubscriptionWriteResponse {
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
}
