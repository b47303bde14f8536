import { ApiProperty } from '@nestjs/swagger';

/**
 * OpenAPI base of every write's answer (api.md, Writes): `{ position, ...ids }`. Each context
 * extends it with the ids its route returns. Documentation only: controllers build the bodies
 * with WriteResponder.
 */
export class WriteResponseBody {
  @ApiProperty({
    description: "Log position of the write's last event; opaque and ordered. Pass it as `?minPosition=` to read your own write.",
    example: '42',
  })
  position!: string;
}
