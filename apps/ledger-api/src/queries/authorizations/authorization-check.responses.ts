import { AUTHORIZATION_ACTIONS, CUSTOMER_EVENT_TYPES } from '@ledger/customers';
import { ApiProperty } from '@nestjs/swagger';

/* OpenAPI shapes of the authorization check (documentation only). */

export class AuthorizationReasonResponse {
  @ApiProperty({ enum: CUSTOMER_EVENT_TYPES, description: 'The deciding event: the establishment or grant that allows it, the removal or revocation that ended it, or the registration when there never was one.' })
  type!: string;
  @ApiProperty({ description: 'Its log position (decimal string).', example: '42' }) position!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
}

export class AuthorizationCheckResponse {
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ type: [AuthorizationReasonResponse], description: 'The events that decide the answer; non-empty for a refusal of a customer registered by then.' })
  reasons!: AuthorizationReasonResponse[];
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty({ enum: AUTHORIZATION_ACTIONS }) action!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'The moment asked about, as given; null for now.' }) asOf!: string | null;
}
