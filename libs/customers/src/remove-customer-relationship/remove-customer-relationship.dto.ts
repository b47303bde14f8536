import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import { IsIsoDateTime, IsLongText, LONG_TEXT_MAX, WriteResponseBody } from '@ledger/api';

/**
 * The partner's attestation (the seed's removal form). `goodFaith` must be a boolean here; whether
 * it is `true` is the decider's rule (422 `attestation-required`), not a shape rule.
 */
export class RemovalAttestationDto {
  @ApiProperty({ description: 'The partner attests it ends the relationship in good faith; must be `true` for the removal to be recorded.' })
  @IsBoolean()
  goodFaith!: boolean;

  @ApiProperty({ maxLength: LONG_TEXT_MAX, description: 'The legitimate business purpose for ending the relationship. Required, not blank.' })
  @IsLongText()
  @Matches(/\S/, { message: '$property must not be blank' })
  legitimateBusinessPurpose!: string;
}

/** Whether the partner's agreement requires a legal notice of termination, and when the partner gave it. */
export class RemovalLegalNoticeDto {
  @ApiProperty({ description: "The partner's agreement with the customer requires a legal notice of termination." })
  @IsBoolean()
  required!: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the partner says it provided the notice (recorded in UTC). The ledger sends no notice.' })
  @IsOptional()
  @IsIsoDateTime()
  providedAt?: string;
}

/** `POST /v1/customers/{customerId}/relationships/{partnerId}/removal` body: RemoveCustomerRelationship. */
export class RemoveCustomerRelationshipDto {
  @ApiProperty({ type: RemovalAttestationDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RemovalAttestationDto)
  attestation!: RemovalAttestationDto;

  @ApiProperty({ type: RemovalLegalNoticeDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RemovalLegalNoticeDto)
  legalNotice!: RemovalLegalNoticeDto;
}

/** The answer of RemoveCustomerRelationship and RevokeDelegatedAdminPrivileges. */
export class CustomerPartnerWriteResponse extends WriteResponseBody {
  @ApiProperty({ format: 'uuid' })
  customerId!: string;

  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
}
