import { ApiProperty } from '@nestjs/swagger';
import { EmptyCustomerCommandBody } from '../customer/customer.http';

/** `POST …/relationship-requests/{requestId}/acceptance` body: `{}` (everything is in the path). */
export class AcceptRelationshipDto extends EmptyCustomerCommandBody {}

export class RelationshipAnsweredResponse {
  @ApiProperty({ description: 'Log position of the last event written (opaque, ordered).' })
  position!: string;

  @ApiProperty({ format: 'uuid' })
  customerId!: string;

  @ApiProperty()
  requestId!: string;
}
