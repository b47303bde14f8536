import { ApiProperty } from '@nestjs/swagger';
import { IsLongText, LONG_TEXT_MAX } from '@ledger/api';

/** Body of `POST /v1/partners/{partnerId}/primary-contact/verification`. */
export class VerifyPrimaryContactEmailDto {
  @ApiProperty({
    maxLength: LONG_TEXT_MAX,
    description: 'The opaque token of the emailed link the primary contact followed; recorded, not checked.',
  })
  @IsLongText()
  token!: string;
}
