import { ApiProperty } from '@nestjs/swagger';

/*
 * OpenAPI shapes of the write answers (api.md, Writes): `{ position, ...ids }`. They only
 * document; controllers build the bodies with WriteResponder.
 */

export class WriteResponseBody {
  @ApiProperty({ description: 'Log position of the write\'s last event; opaque and ordered. Pass it as `?minPosition=` to read your own write.', example: '42' })
  position!: string;
}

export class PartnerWriteResponse extends WriteResponseBody {
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
}

export class PartnerUserWriteResponse extends PartnerWriteResponse {
  @ApiProperty({ format: 'uuid' })
  userId!: string;
}
