import { PARTNER_ROLES } from '@ledger/kernel';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsISO31661Alpha2,
  IsISO8601,
  IsNotEmpty,
  IsString,
  isUUID,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

/*
 * api.md "Field formats", spelled once for every context: decorator sets for request DTOs (bodies,
 * `@Param()` and `@Query()` DTOs alike — the global LedgerValidationPipe transforms each into its
 * DTO class, so the normalizations below apply to all three). Shape only: whether a value is
 * allowed by the business (webmail, consent, same country) is the deciders' job.
 *
 * This file imports nothing from NestJS on purpose, so the formats can be unit-tested with
 * class-transformer and class-validator alone (Jest cannot load NestJS's ES modules).
 */

/** Names, phone numbers, addresses, offers and other short free text. */
export const SHORT_TEXT_MAX = 256;
/** `message`, `reason`, `legitimateBusinessPurpose` and the verification token. */
export const LONG_TEXT_MAX = 2000;
/** `requestId`, `invitationId`: whatever the ledger returned, bounded like short text. */
export const OPAQUE_ID_MAX = 256;

/** Applies several property decorators as one (NestJS's applyDecorators, for properties only). */
function allOf(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, propertyKey) => {
    for (const decorate of decorators) decorate(target, propertyKey);
  };
}

/**
 * The one spelling of a ledger id: a UUID in lower case. Ids name streams (`partner-<id>`,
 * `customer-<id>`) and index read models, so `8A6E…` and `8a6e…` must be the same partner; a UUID
 * is case-insensitive (RFC 9562), the ledger keeps it lower case. Anything that is not a UUID is
 * returned unchanged (tokens' `tid` may be `program`; a malformed id is refused by validation).
 */
export function normalizeLedgerId<T>(value: T): T {
  return typeof value === 'string' && isUUID(value, 'all') ? (value.toLowerCase() as T) : value;
}

/**
 * A partner, customer, user or subscription id: a UUID of any version (tenant ids come from the
 * directory, not from us), lower-cased before it is validated and handed to the controller.
 */
export const IsLedgerId = (): PropertyDecorator =>
  allOf(
    Transform(({ value }: { value: unknown }) => normalizeLedgerId(value), { toClassOnly: true }),
    IsUUID('all', { message: '$property must be a UUID' }),
  );

/**
 * `requestId`, `invitationId`: opaque, "whatever the ledger returned" (api.md). Not checked as a
 * UUID nor re-cased, so an id the ledger never issued is answered 404 (`request-not-found`,
 * `invitation-not-found`) rather than 400.
 */
export const IsOpaqueId = (): PropertyDecorator => allOf(IsString(), IsNotEmpty(), MaxLength(OPAQUE_ID_MAX));

export interface TextOptions {
  /** Accept `""` (an optional free-text field sent empty). Default: a text must not be empty. */
  readonly allowEmpty?: boolean;
}

function text(max: number, options: TextOptions): PropertyDecorator {
  return options.allowEmpty ? allOf(IsString(), MaxLength(max)) : allOf(IsString(), IsNotEmpty(), MaxLength(max));
}

/** A string of 1 to 256 characters: names, phone numbers, addresses. */
export const IsShortText = (options: TextOptions = {}): PropertyDecorator => text(SHORT_TEXT_MAX, options);

/** A string of 1 to 2,000 characters: `message`, `reason`, `legitimateBusinessPurpose`. */
export const IsLongText = (options: TextOptions = {}): PropertyDecorator => text(LONG_TEXT_MAX, options);

/** An email address of at most 256 characters. */
export const IsEmailAddress = (): PropertyDecorator =>
  allOf(IsEmail({}, { message: '$property must be an email address' }), MaxLength(SHORT_TEXT_MAX));

/** An ISO 3166-1 alpha-2 country code, upper case as the standard writes it (`US`, `DE`). */
export const IsCountryCode = (): PropertyDecorator =>
  allOf(
    Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166-1 alpha-2 country code in upper case (e.g. US, DE)' }),
    IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code (e.g. US, DE)' }),
  );

/** MPN (Partner Network) id: 6 to 10 digits, kept as a string so leading zeros survive. */
export const IsMpnId = (): PropertyDecorator => Matches(/^\d{6,10}$/, { message: '$property must be a string of 6 to 10 digits' });

/** One of a closed list of values (cloud, partner type, billing, channel, a status filter, …). */
export const IsOneOf = (values: readonly string[]): PropertyDecorator =>
  IsIn([...values], { message: `$property must be one of: ${values.join(', ')}` });

/** A partner user's roles: a non-empty array of distinct roles of domain §2. */
export const IsPartnerRoles = (): PropertyDecorator =>
  allOf(
    IsArray(),
    ArrayNotEmpty(),
    ArrayUnique(),
    IsIn([...PARTNER_ROLES], { each: true, message: `each value in $property must be one of: ${PARTNER_ROLES.join(', ')}` }),
  );

/** RFC 3339 date-time with seconds and an explicit offset (`2025-06-30T00:00:00Z`); dates alone are refused. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A date-time the ledger records (`termEndsAt`, `legalNotice.providedAt`): an ISO 8601 date-time
 * with seconds and an offset, and a real calendar instant. Record it with `toUtcIso`.
 */
export const IsIsoDateTime = (): PropertyDecorator =>
  allOf(
    IsString(),
    Matches(ISO_DATE_TIME, { message: '$property must be an ISO 8601 date-time with an offset, e.g. 2025-06-30T00:00:00Z' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid ISO 8601 date-time' }),
  );

/**
 * A point in time a read asks about (`asOf`, `from`, `to`): any valid ISO 8601 date or date-time
 * (`2025-03-01`, `2025-03-01T10:00:00Z`). Looser than IsIsoDateTime because nothing is recorded:
 * it only bounds a replay or a filter.
 */
export const IsIsoTime = (): PropertyDecorator => IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 time' });

/** Times are recorded in UTC (api.md: "times as ISO 8601 UTC"), whatever offset the client used. */
export function toUtcIso(dateTime: string): string {
  return new Date(dateTime).toISOString();
}
