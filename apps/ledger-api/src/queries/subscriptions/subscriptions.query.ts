import { CHANNELS, type Channel } from '@ledger/kernel';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsOneOf } from '../../http/field-formats';
import { PageQuery } from '../shared/read-query.dto';

export const SUBSCRIPTION_STATUSES = ['active', 'cancelled'] as const;

/** `GET /v1/customers/{customerId}/subscriptions` */
export class CustomerSubscriptionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES, description: 'Only active or only cancelled subscriptions (default: both).' })
  @IsOptional()
  @IsOneOf(SUBSCRIPTION_STATUSES)
  status?: (typeof SUBSCRIPTION_STATUSES)[number];

  @ApiPropertyOptional({ enum: CHANNELS, description: 'Only subscriptions bought through this channel.' })
  @IsOptional()
  @IsOneOf(CHANNELS)
  channel?: Channel;
}
