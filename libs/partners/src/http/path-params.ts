import { ApiProperty } from '@nestjs/swagger';
import { IsLedgerId } from '@ledger/api';

/*
 * Path parameters as DTOs, so the global ValidationPipe refuses a malformed id with 400
 * `validation-failed` before any command runs (api.md, Errors: shape before authorization), and
 * lower-cases a well-formed one (ids are case-insensitive UUIDs).
 */

export class PartnerPathParams {
  @ApiProperty({ format: 'uuid', description: 'The partner (its CSP tenant id).' })
  @IsLedgerId()
  partnerId!: string;
}

export class PartnerUserPathParams extends PartnerPathParams {
  @ApiProperty({ format: 'uuid', description: 'A user of the partner.' })
  @IsLedgerId()
  userId!: string;
}
