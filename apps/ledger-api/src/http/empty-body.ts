import { ApiSchema } from '@nestjs/swagger';

/** Name of the EmptyBody schema in /openapi.json (openapi.ts marks bodies of this type optional). */
export const EMPTY_BODY_SCHEMA_NAME = 'EmptyBody';

/**
 * The body `{}` of a command that needs nothing beyond its path (api.md: ApproveEnrollment,
 * AcceptRelationship, CancelSubscription, …). The one way to declare it: `@Body() _body: EmptyBody`.
 *
 * A DTO class without fields: the global LedgerValidationPipe accepts `{}` and no body at all
 * (`forbidUnknownValues` is off for exactly this), refuses a non-object body, and its whitelisting
 * refuses every field sent with 400 `validation-failed` naming the field
 * (`property reason should not exist`).
 */
@ApiSchema({
  name: EMPTY_BODY_SCHEMA_NAME,
  description: 'No fields: `{}` (or no body at all). Any field is refused with 400 `validation-failed`.',
})
export class EmptyBody {}
