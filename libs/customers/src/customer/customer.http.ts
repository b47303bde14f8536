import { ApiProperty } from '@nestjs/swagger';
import { IsLedgerId, IsOpaqueId, OPAQUE_ID_MAX } from '@ledger/api';

/*
 * Path parameters of the customer slices' routes. The formats are the platform's (`@ledger/api`,
 * api.md "Field formats"): ids are UUIDs, lower-cased before they reach a controller.
 */

/** `/v1/customers/{customerId}/…`: the customer's tenant id. */
export class CustomerPathParams {
  @ApiProperty({ format: 'uuid', description: "The customer's tenant id." })
  @IsLedgerId()
  customerId!: string;
}

/** `/v1/customers/{customerId}/relationship-requests/{requestId}/…` */
export class RelationshipRequestPathParams extends CustomerPathParams {
  /**
   * Opaque: "whatever the ledger returned" (api.md). Not checked as a UUID, so an id the ledger
   * never issued is answered 404 `request-not-found` rather than 400.
   */
  @ApiProperty({ description: 'The `requestId` the ledger returned when the request was made.', maxLength: OPAQUE_ID_MAX })
  @IsOpaqueId()
  requestId!: string;
}

/** `/v1/customers/{customerId}/relationships/{partnerId}/…` and `/dap-grants/{partnerId}/…` */
export class CustomerPartnerPathParams extends CustomerPathParams {
  @ApiProperty({ format: 'uuid', description: 'The partner concerned.' })
  @IsLedgerId()
  partnerId!: string;
}
