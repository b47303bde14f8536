import { ApiProperty } from '@nestjs/swagger';
import { WriteResponseBody } from '@ledger/api';

/*
 * OpenAPI shapes of the partner writes' answers (api.md, Writes): `{ position, ...ids }`. They only
 * document; controllers build the bodies with WriteResponder.
 */

export class PartnerWriteResponse extends WriteResponseBody {
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
}

export class PartnerUserWriteResponse extends PartnerWriteResponse {
  @ApiProperty({ format: 'uuid' })
  userId!: string;
}
