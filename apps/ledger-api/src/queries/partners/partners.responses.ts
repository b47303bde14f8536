import { CLOUDS, PARTNER_ROLES, PARTNER_TYPES } from '@ledger/kernel';
import { ApiProperty } from '@nestjs/swagger';
import { pageResponse } from '../shared/page.response';
import { PARTNER_STATUSES } from './partners.query';

/* OpenAPI shapes of the partner reads (documentation only; the controller returns the read model's views). */

export class LegalProfileResponse {
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2.' }) country!: string;
}

export class PartnerUserResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: PARTNER_ROLES, isArray: true, description: 'The roles the ledger recorded for the user.' }) roles!: string[];
}

/** An item of `GET /v1/partners`: the profile without users. */
export class PartnerSummaryResponse {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ enum: PARTNER_TYPES }) partnerType!: string;
  @ApiProperty({ enum: CLOUDS }) cloud!: string;
  @ApiProperty({ enum: PARTNER_STATUSES, description: 'Enrollment status.' }) status!: string;
  @ApiProperty() primaryContactVerified!: boolean;
  @ApiProperty({ pattern: '^[0-9]{6,10}$' }) mpnId!: string;
  @ApiProperty({ type: LegalProfileResponse }) legalProfile!: LegalProfileResponse;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country of the partner\'s tenant.' }) tenantCountry!: string;
  @ApiProperty({ format: 'date-time', description: 'When the enrollment was submitted.' }) enrolledAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the program approved or rejected it.' }) reviewedAt!: string | null;
}

/** `GET /v1/partners/{partnerId}`. */
export class PartnerResponse extends PartnerSummaryResponse {
  @ApiProperty({ type: [PartnerUserResponse], description: 'Current users (removed ones are gone), by user id.' }) users!: PartnerUserResponse[];
}

export const PartnerPageResponse = pageResponse(PartnerSummaryResponse, 'PartnerPage');
