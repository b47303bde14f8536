import { ApiProperty } from '@nestjs/swagger';
import { IsLedgerId, WriteResponseBody } from '@ledger/api';

/*
 * HTTP edge pieces shared by the subscription slices' controllers: the path parameter and the
 * write response. The formats are the platform's (`@ledger/api`, api.md "Field formats"): ids are
 * UUIDs, lower-cased before they reach a controller.
 */

/** `/v1/subscriptions/{subscriptionId}/…` */
export class SubscriptionPathParams {
  @ApiProperty({ format: 'uuid' })
  @IsLedgerId()
  subscriptionId!: string;
}

export class SubscriptionWriteResponse extends WriteResponseBody {
  @ApiProperty({ format: 'uuid' })
  subscriptionId!: string;
}
