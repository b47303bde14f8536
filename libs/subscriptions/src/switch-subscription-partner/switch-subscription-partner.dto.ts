import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `POST /v1/subscriptions/{subscriptionId}/partner-switch` body. */
export class SwitchSubscriptionPartnerDto {
  @ApiProperty({ format: 'uuid', description: 'The new partner of record; it needs an active relationship with the customer.' })
  @IsUUID()
  toPartnerId!: string;
}
