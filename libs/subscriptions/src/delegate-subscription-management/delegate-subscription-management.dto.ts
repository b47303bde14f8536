import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `POST /v1/subscriptions/{subscriptionId}/management-delegation` body. */
export class DelegateSubscriptionManagementDto {
  @ApiProperty({ format: 'uuid', description: 'The partner hired to manage the subscription; it needs an active relationship with the customer.' })
  @IsUUID()
  partnerId!: string;
}
