import { CHANNELS, type Channel } from '@ledger/kernel';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../shared/read-query.dto';

export const SUBSCRIPTION_STATUSES = ['active', 'cancelled'] as const;

/** `GET /v1/customers/{customerId}/subscriptions` */
export class CustomerSubscriptionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES, description: 'Only active or only cancelled subscriptions (default: both).' })
  @IsOptional()
  @IsIn([...SUBSCRIPTION_STATUSES], { message: `status must be one of: ${SUBSCRIPTION_STATUSES.join(', ')}` })
  status?: (typeof SUBSCRIPTION_STATUSES)[number];

  @ApiPropertyOptional({ enum: CHANNELS, description: 'Only subscriptions bought through this channel.' })
  @IsOptional()
  @IsIn([...CHANNELS], { message: `channel must be one of: ${CHANNELS.join(', ')}` })
  channel?: Channel;
}
