import { ApiProperty } from '@nestjs/swagger';
import { pageResponse } from '../shared/page.response';
import { INVITATION_STATUSES, PARTNERSHIP_STATUSES } from './partnerships.query';

/* OpenAPI shapes of the partnership reads (documentation only). */

class PartnershipItemFields {
  @ApiProperty({ type: String, nullable: true, description: "The other partner's legal name (null if its enrollment is unknown)." }) name!: string | null;
  @ApiProperty({ enum: PARTNERSHIP_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time', description: 'When the reseller authorized the provider (the current or last time).' }) since!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it ended, for an ended partnership.' }) endedAt!: string | null;
  @ApiProperty({ description: "The provider still has admin access to the reseller's tenant (`reseller-tenant-admin`)." }) tenantAdminAccess!: boolean;
}

export class IndirectProviderResponse extends PartnershipItemFields {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
}

export class IndirectResellerResponse extends PartnershipItemFields {
  @ApiProperty({ format: 'uuid' }) resellerId!: string;
}

export class PartnershipInvitationResponse {
  @ApiProperty() invitationId!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ format: 'uuid' }) resellerId!: string;
  @ApiProperty({ enum: INVITATION_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acceptedAt!: string | null;
}

export const IndirectProviderPageResponse = pageResponse(IndirectProviderResponse, 'IndirectProviderPage');
export const IndirectResellerPageResponse = pageResponse(IndirectResellerResponse, 'IndirectResellerPage');
export const PartnershipInvitationPageResponse = pageResponse(PartnershipInvitationResponse, 'PartnershipInvitationPage');
