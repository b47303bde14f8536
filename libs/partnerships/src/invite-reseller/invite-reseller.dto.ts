import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLedgerId, IsLongText, LONG_TEXT_MAX } from '@ledger/api';

/** Body of `POST /v1/partners/{providerId}/reseller-invitations` (InviteReseller). */
export class InviteResellerDto {
  @ApiProperty({ format: 'uuid', description: 'The approved indirect reseller to invite.' })
  @IsLedgerId()
  resellerId!: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT_MAX, description: 'Free text for the reseller.' })
  @IsOptional()
  @IsLongText({ allowEmpty: true })
  message?: string;
}
