import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/*
 * HTTP edge pieces shared by the customer slices' controllers: path parameters and the empty
 * body, date-times. Shape only (api.md, Field formats); every business rule stays in the deciders.
 */

/** `/v1/customers/{customerId}/…`: the customer's tenant id. */
export class CustomerPathParams {
  @ApiProperty({ format: 'uuid', description: "The customer's tenant id." })
  @IsUUID()
  customerId!: string;
}

/** `/v1/customers/{customerId}/relationship-requests/{requestId}/…` */
export class RelationshipRequestPathParams extends CustomerPathParams {
  /**
   * Opaque: "whatever the ledger returned" (api.md). Not checked as a UUID, so an id the ledger
   * never issued is answered 404 `request-not-found` rather than 400.
   */
  @ApiProperty({ description: 'The `requestId` the ledger returned when the request was made.', maxLength: 256 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  requestId!: string;
}

/** `/v1/customers/{customerId}/relationships/{partnerId}/…` and `/dap-grants/{partnerId}/…` */
export class CustomerPartnerPathParams extends CustomerPathParams {
  @ApiProperty({ format: 'uuid', description: 'The partner concerned.' })
  @IsUUID()
  partnerId!: string;
}

/**
 * The body `{}` of a command that needs nothing beyond its path. The global pipe's whitelisting
 * refuses any field sent to it with 400 `validation-failed`.
 */
export class EmptyCustomerCommandBody {}

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
