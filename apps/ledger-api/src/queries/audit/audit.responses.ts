import { ApiProperty } from '@nestjs/swagger';
import { ActorResponse } from '../customers/customers.responses';
import { pageResponse } from '../shared/page.response';

/** An item of `GET /v1/audit/events` (documentation only). */
export class AuditEventResponse {
  @ApiProperty({ description: 'Log position (decimal string, ordered).', example: '42' }) position!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'CustomerRelationshipRemoved' }) type!: string;
  @ApiProperty({ example: 'customer-9b2a6a6e-0c8e-4e8e-9a55-1f1f2d0c0001' }) streamId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
  @ApiProperty({ type: ActorResponse, nullable: true, description: 'Who did it (metadata.actor).' }) actor!: ActorResponse | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{actor, commandId, correlationId, causationId, occurredAt, schemaVersion}.' })
  metadata!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
}

export const AuditEventPageResponse = pageResponse(AuditEventResponse, 'AuditEventPage');
