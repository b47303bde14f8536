import { applyDecorators, type PipeTransform } from '@nestjs/common';
import { PARTNER_ROLES } from '@ledger/kernel';
import { RequestValidationError } from '@ledger/api';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

/*
 * The shapes of api.md "Field formats", as class-validator decorator sets, so every DTO of the
 * partner and partnership contexts spells each format once. Only shape lives here: whether a
 * value is allowed by the business (webmail, consent, same country) is the deciders' job.
 */

/** Names, phone numbers, addresses and other short free text. */
export const SHORT_TEXT_MAX = 256;
/** `message`, `reason` (and `legitimateBusinessPurpose`). */
export const LONG_TEXT_MAX = 2000;

/** A partner, customer or user id: a UUID (any version, as tenant ids come from the directory). */
export const IsLedgerId = (): PropertyDecorator => IsUUID('all', { message: '$property must be a UUID' });

/** A required string of 1 to `max` characters. */
export const IsText = (max: number = SHORT_TEXT_MAX): PropertyDecorator =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));

/** An email address of at most 256 characters. */
export const IsEmailAddress = (): PropertyDecorator => applyDecorators(IsEmail({}, { message: '$property must be an email address' }), MaxLength(SHORT_TEXT_MAX));

/** An ISO 3166-1 alpha-2 country code, upper case as the standard writes it (`US`, `DE`). */
export const IsCountryCode = (): PropertyDecorator =>
  applyDecorators(
    Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 country code in upper case (e.g. US, DE)' }),
    IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code (e.g. US, DE)' }),
  );

/** MPN (Partner Network) id: 6 to 10 digits, kept as a string so leading zeros survive. */
export const IsMpnId = (): PropertyDecorator =>
  applyDecorators(Matches(/^\d{6,10}$/, { message: '$property must be a string of 6 to 10 digits' }));

/** One of a closed list of values (cloud, partner type, …). */
export const IsOneOf = (values: readonly string[]): PropertyDecorator =>
  IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` });

/** A partner user's roles: a non-empty array of distinct roles of domain §2. */
export const IsPartnerRoles = (): PropertyDecorator =>
  applyDecorators(
    IsArray(),
    ArrayNotEmpty(),
    ArrayUnique(),
    IsIn([...PARTNER_ROLES], { each: true, message: `each value in $property must be one of: ${PARTNER_ROLES.join(', ')}` }),
  );

/**
 * For calls whose body is `{}` (api.md): no body, or a JSON object with no fields. Unknown fields
 * are refused like everywhere else. A DTO class cannot say "no fields" (class-validator refuses a
 * class without rules), hence a pipe: `@Body(EmptyBody) _body: EmptyBodyShape`, documented by
 * `@ApiBody(EMPTY_BODY_SCHEMA)`.
 */
export class EmptyBodyPipe implements PipeTransform<unknown, Record<string, never>> {
  transform(value: unknown): Record<string, never> {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new RequestValidationError([], 'The request body must be a JSON object.');
    }
    const unknownFields = Object.keys(value);
    if (unknownFields.length > 0) {
      throw new RequestValidationError(unknownFields.map((field) => ({ field, messages: [`property ${field} should not exist`] })));
    }
    return {};
  }
}

export const EmptyBody = new EmptyBodyPipe();

/** What `EmptyBody` lets through. */
export type EmptyBodyShape = Record<string, never>;

/** The OpenAPI description of a `{}` body. */
export const EMPTY_BODY_SCHEMA = {
  required: false,
  description: 'No fields: `{}` (or no body at all).',
  schema: { type: 'object' as const, properties: {}, additionalProperties: false },
};
