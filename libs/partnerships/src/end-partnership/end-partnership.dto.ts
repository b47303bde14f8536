import { ApiProperty } from '@nestjs/swagger';
import { IsText, LONG_TEXT_MAX } from '../../../partners/src/http/field-formats';

/** Body of `POST /v1/partnerships/{providerId}/{resellerId}/termination` (EndPartnership). */
export class EndPartnershipDto {
  @ApiProperty({ maxLength: LONG_TEXT_MAX, description: 'Why the partnership ends, in the ending side\'s words.' })
  @IsText(LONG_TEXT_MAX)
  reason!: string;
}
