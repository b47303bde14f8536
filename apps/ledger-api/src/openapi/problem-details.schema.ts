import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI schema of one invalid field (mirrors errors/problem-details.ts FieldError). */
export class FieldErrorSchema {
  @ApiProperty({ example: 'primaryContact.email', description: 'Dotted path of the invalid field.' })
  field!: string;

  @ApiProperty({ type: [String], example: ['email must be an email'] })
  messages!: string[];
}

/** OpenAPI schema of every error answer (RFC 9457 problem details plus the ledger's `code`). */
export class ProblemDetailsSchema {
  @ApiProperty({ example: 'urn:csp-ledger:problem:partner-not-approved', description: 'Names the kind of problem; one per code.' })
  type!: string;

  @ApiProperty({ example: 'The current state forbids this' })
  title!: string;

  @ApiProperty({ example: 409 })
  status!: number;

  @ApiProperty({
    example: 'partner-not-approved',
    description: 'Stable, machine-readable reason (api.md, Errors; domain §4). Clients match on it.',
  })
  code!: string;

  @ApiProperty({ example: 'The acting partner is not approved yet.' })
  detail!: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'For `validation-failed`: every invalid field.' })
  errors?: FieldErrorSchema[];

  @ApiPropertyOptional({ example: '6f1c0a8e-3b8e-4a53-9a55-0c8c1d0f2a11', description: 'The request\'s X-Correlation-Id.' })
  correlationId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Extra facts of a refusal.' })
  details?: Record<string, unknown>;
}
