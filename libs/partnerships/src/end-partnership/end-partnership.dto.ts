import { ApiProperty } from '@nestjs/swagger';
import { IsLongText, LONG_TEXT_MAX } from '@ledger/api';

/** Body of `POST /v1/partnerships/{providerId}/{resellerId}/termination` (EndPartnership). */
export class EndPartnershipDto {
  @ApiProperty({ maxLength: LONG_TEXT_MAX, description: 'Why the partnership ends, in the ending side\'s words.' })
  @IsLongText()
  reason!: string;
}
