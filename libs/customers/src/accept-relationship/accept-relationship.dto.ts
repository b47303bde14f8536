import { ApiProperty } from '@nestjs/swagger';
import { WriteResponseBody } from '@ledger/api';

/*
 * `POST …/relationship-requests/{requestId}/acceptance` (and `/decline`) take the platform's
 * EmptyBody: everything is in the path.
 */

/** The answer of AcceptRelationship and DeclineRelationship. */
export class RelationshipAnsweredResponse extends WriteResponseBody {
  @ApiProperty({ format: 'uuid' })
  customerId!: string;

  @ApiProperty()
  requestId!: string;
}
