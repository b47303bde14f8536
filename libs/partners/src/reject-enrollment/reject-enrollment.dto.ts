import { ApiProperty } from '@nestjs/swagger';
import { IsText, LONG_TEXT_MAX } from '../http/field-formats';

/** Body of `POST /v1/partners/{partnerId}/rejection`. */
export class RejectEnrollmentDto {
  @ApiProperty({ maxLength: LONG_TEXT_MAX, description: 'Why the program rejects the enrollment; recorded on the event.' })
  @IsText(LONG_TEXT_MAX)
  reason!: string;
}
