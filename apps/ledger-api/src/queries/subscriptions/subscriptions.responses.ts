import { BILLINGS, CHANNELS } from '@ledger/kernel';
import { ApiProperty } from '@nestjs/swagger';
import { pageResponse } from '../shared/page.response';
import { SUBSCRIPTION_STATUSES } from './subscriptions.query';

/** An item of `GET /v1/customers/{customerId}/subscriptions` (documentation only). */
export class SubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() offer!: string;
  @ApiProperty({ enum: BILLINGS }) billing!: string;
  @ApiProperty({ enum: CHANNELS }) channel!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The partner of record (channel `csp`); null for other channels.' }) partnerOfRecord!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The partner the customer hired to manage it (multi-channel); null when none.' }) managedBy!: string | null;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) termEndsAt!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt!: string | null;
}

export const SubscriptionPageResponse = pageResponse(SubscriptionResponse, 'SubscriptionPage');
