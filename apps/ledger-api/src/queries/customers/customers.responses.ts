import { ACTOR_KINDS, CLOUDS } from '@ledger/kernel';
import { ApiProperty } from '@nestjs/swagger';
import { pageResponse } from '../shared/page.response';

/* OpenAPI shapes of the customer reads (documentation only). */

/** An item of a partner's customer list and of the shared list of a reseller and a provider. */
export class CustomerListItemResponse {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty({ format: 'date-time', description: "When this partner's current relationship was established." }) since!: string;
  @ApiProperty({ description: 'This partner holds an active DAP grant on the customer.' }) delegatedAdmin!: boolean;
}

export class CustomerRelationshipResponse {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class CustomerDapGrantResponse {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ description: 'False for a retained grant: the relationship was removed, the admin access was not.' }) relationshipActive!: boolean;
}

export class OpenRequestResponse {
  @ApiProperty() requestId!: string;
  @ApiProperty({ type: [String], description: 'Partners that become resellers on acceptance, the requesting one first.' }) partners!: string[];
  @ApiProperty({ type: [String], description: 'Partners that get DAP on acceptance.' }) delegatedAdminFor!: string[];
}

/** `GET /v1/customers/{customerId}`. A partner sees only its own entries. */
export class CustomerResponse {
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty() domain!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2.' }) country!: string;
  @ApiProperty({ enum: CLOUDS }) cloud!: string;
  @ApiProperty({ type: [CustomerRelationshipResponse], description: 'Active relationships, by partner id.' }) relationships!: CustomerRelationshipResponse[];
  @ApiProperty({ type: [CustomerDapGrantResponse], description: 'Active DAP grants, retained ones included, by partner id.' }) dapGrants!: CustomerDapGrantResponse[];
  @ApiProperty({ type: [OpenRequestResponse], description: 'Requests waiting for the customer, oldest first.' }) openRequests!: OpenRequestResponse[];
}

export class ActorResponse {
  @ApiProperty({ enum: ACTOR_KINDS }) kind!: string;
  @ApiProperty({ description: 'Partner id, customer id, or any text for other kinds.' }) tenantId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

/** An item of `GET /v1/customers/{customerId}/history`. */
export class HistoryEventResponse {
  @ApiProperty({ description: 'Log position (decimal string, ordered).', example: '42' }) position!: string;
  @ApiProperty({ example: 'ResellerRelationshipEstablished' }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data (contracts/events/<type>.schema.json)." }) data!: unknown;
  @ApiProperty({ type: ActorResponse, nullable: true, description: 'Who did it (metadata.actor).' }) actor!: ActorResponse | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{actor, commandId, correlationId, causationId, occurredAt, schemaVersion}.' })
  metadata!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', description: 'When it happened (metadata.occurredAt).' }) occurredAt!: string;
}

export const CustomerListPageResponse = pageResponse(CustomerListItemResponse, 'CustomerListPage');
export const HistoryPageResponse = pageResponse(HistoryEventResponse, 'CustomerHistoryPage');
