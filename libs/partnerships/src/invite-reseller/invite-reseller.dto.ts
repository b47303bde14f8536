import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsLedgerId, LONG_TEXT_MAX } from '../../../partners/src/http/field-formats';

/** Body of `POST /v1/partners/{providerId}/reseller-invitations` (InviteReseller). */
export class InviteResellerDto {
  @ApiProperty({ format: 'uuid', description: 'The approved indirect reseller to invite.' })
  @IsLedgerId()
  resellerId!: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT_MAX, description: 'Free text for the reseller.' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  message?: string;
}
