import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, IsUUID, Matches } from 'class-validator';

/*
 * HTTP edge pieces shared by the subscription slices' controllers: the path parameter, the empty
 * body, date-times and the write response. Shape only (api.md, Field formats); every business
 * rule stays in the deciders.
 */

/** `/v1/subscriptions/{subscriptionId}/…` */
export class SubscriptionPathParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  subscriptionId!: string;
}

/**
 * The body `{}` of a command that needs nothing beyond its path. The global pipe's whitelisting
 * refuses any field sent to it with 400 `validation-failed`.
 */
export class EmptySubscriptionCommandBody {}

/** RFC 3339 date-time with an explicit offset (`2025-06-30T00:00:00Z`); dates alone are refused. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with seconds and an offset, and a real calendar instant. */
export function IsIsoDateTime(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(ISO_DATE_TIME, { message: '$property must be an ISO 8601 date-time with an offset, e.g. 2025-06-30T00:00:00Z' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid ISO 8601 date-time' }),
  );
}

/** Times are recorded in UTC (api.md: "times as ISO 8601 UTC"), whatever offset the client used. */
export function toUtcIso(dateTime: string): string {
  return new Date(dateTime).toISOString();
}

export class SubscriptionWriteResponse {
  @ApiProperty({ description: 'Log position of the event written (opaque, ordered); pass it as `minPosition` to read your write.' })
  position!: string;

  @ApiProperty({ format: 'uuid' })
  subscriptionId!: string;
}
