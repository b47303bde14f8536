import { ApiProperty } from '@nestjs/swagger';
import { IsText, LONG_TEXT_MAX } from '../http/field-formats';

/** Body of `POST /v1/partners/{partnerId}/primary-contact/verification`. */
export class VerifyPrimaryContactEmailDto {
  @ApiProperty({
    maxLength: LONG_TEXT_MAX,
    description: 'The opaque token of the emailed link the primary contact followed; recorded, not checked.',
  })
  @IsText(LONG_TEXT_MAX)
  token!: string;
}
