import { ApiProperty } from '@nestjs/swagger';
import { IsLongText, LONG_TEXT_MAX } from '@ledger/api';

/** Body of `POST /v1/partners/{partnerId}/rejection`. */
export class RejectEnrollmentDto {
  @ApiProperty({ maxLength: LONG_TEXT_MAX, description: 'Why the program rejects the enrollment; recorded on the event.' })
  @IsLongText()
  reason!: string;
}
