import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, validate } from 'class-validator';
import fc from 'fast-check';
import {
  IsCountryCode,
  IsEmailAddress,
  IsIsoDateTime,
  IsIsoTime,
  IsLedgerId,
  IsLongText,
  IsMpnId,
  IsOneOf,
  IsOpaqueId,
  IsPartnerRoles,
  IsShortText,
  normalizeLedgerId,
  toUtcIso,
} from './field-formats';

/*
 * The field formats as the global LedgerValidationPipe uses them: the plain payload is turned into
 * the DTO class (class-transformer, where ids are lower-cased), then validated with unknown fields
 * refused. Each format: what it accepts, what it refuses and with which message.
 */

class IdDto {
  @IsLedgerId()
  partnerId!: string;

  @IsOptional()
  @IsLedgerId()
  indirectProviderId?: string;
}

class OpaqueIdDto {
  @IsOpaqueId()
  requestId!: string;
}

class TextDto {
  @IsShortText()
  name!: string;

  @IsLongText()
  reason!: string;

  @IsOptional()
  @IsLongText({ allowEmpty: true })
  message?: string;
}

class ContactDto {
  @IsEmailAddress()
  email!: string;

  @IsCountryCode()
  country!: string;

  @IsMpnId()
  mpnId!: string;
}

const CLOUDS = ['global', 'us-government'] as const;

class ChoiceDto {
  @IsOneOf(CLOUDS)
  cloud!: string;

  @IsPartnerRoles()
  roles!: string[];
}

class TimeDto {
  @IsIsoDateTime()
  termEndsAt!: string;

  @IsOptional()
  @IsIsoTime()
  asOf?: string;
}

/** Transforms and validates like the pipe; returns the instance and the messages by property. */
async function check<T extends object>(
  dto: new () => T,
  plain: Record<string, unknown>,
): Promise<{ value: T; errors: Record<string, string[]> }> {
  const value = plainToInstance(dto, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  return { value, errors: Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})])) };
}

const LOWER = '8a6e0804-2bd0-4672-b79d-d97027f9071a';
const UPPER = LOWER.toUpperCase();

describe('IsLedgerId', () => {
  it.each([
    ['lower case', LOWER],
    ['upper case', UPPER],
    ['mixed case', '8A6e0804-2Bd0-4672-B79d-D97027F9071a'],
    ['version 1', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
    ['version 7', '01890a5d-ac96-774b-bcce-b302099a8057'],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
  ])('accepts a UUID in %s and hands it on in lower case', async (_case, id) => {
    const { value, errors } = await check(IdDto, { partnerId: id });
    expect(errors).toEqual({});
    expect(value.partnerId).toBe(id.toLowerCase());
  });

  it('lower-cases an optional id when present and leaves it absent otherwise', async () => {
    expect((await check(IdDto, { partnerId: LOWER, indirectProviderId: UPPER })).value.indirectProviderId).toBe(LOWER);
    const absent = await check(IdDto, { partnerId: LOWER });
    expect(absent.errors).toEqual({});
    expect(absent.value.indirectProviderId).toBeUndefined();
  });

  it.each([
    ['not a UUID', 'not-a-uuid'],
    ['empty', ''],
    ['braced', `{${LOWER}}`],
    ['without dashes', LOWER.replace(/-/g, '')],
    ['with a bad variant nibble', '8a6e0804-2bd0-4672-079d-d97027f9071a'],
    ['a number', 42],
    ['an array of a UUID', [LOWER]],
    ['missing', undefined],
  ])('refuses %s with "$property must be a UUID"', async (_case, id) => {
    const { errors } = await check(IdDto, { partnerId: id });
    expect(errors).toEqual({ partnerId: ['partnerId must be a UUID'] });
  });

  it('makes every spelling of a UUID one id (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }), async (uuid, upper) => {
        const spelled = [...uuid].map((char, index) => (upper[index] ? char.toUpperCase() : char)).join('');
        const { value, errors } = await check(IdDto, { partnerId: spelled });
        expect(errors).toEqual({});
        expect(value.partnerId).toBe(uuid.toLowerCase());
      }),
      { numRuns: 200 },
    );
  });
});

describe('normalizeLedgerId', () => {
  it('lower-cases a UUID and leaves anything else as it is', () => {
    expect(normalizeLedgerId(UPPER)).toBe(LOWER);
    expect(normalizeLedgerId('program')).toBe('program');
    expect(normalizeLedgerId('Reviewer-1')).toBe('Reviewer-1');
    expect(normalizeLedgerId(42)).toBe(42);
    expect(normalizeLedgerId(undefined)).toBeUndefined();
  });
});

describe('IsOpaqueId (requestId, invitationId)', () => {
  it('accepts any text of 1 to 256 characters and keeps it exactly as sent (no re-casing)', async () => {
    for (const requestId of ['req-ABC', UPPER, 'x', 'x'.repeat(256)]) {
      const { value, errors } = await check(OpaqueIdDto, { requestId });
      expect(errors).toEqual({});
      expect(value.requestId).toBe(requestId);
    }
  });

  it.each([
    ['empty', '', 'requestId should not be empty'],
    ['too long', 'x'.repeat(257), 'requestId must be shorter than or equal to 256 characters'],
    ['a number', 7, 'requestId must be a string'],
  ])('refuses %s', async (_case, requestId, message) => {
    const { errors } = await check(OpaqueIdDto, { requestId });
    expect(errors.requestId).toContain(message);
  });
});

describe('IsShortText and IsLongText', () => {
  const valid = { name: 'n'.repeat(256), reason: 'r'.repeat(2000) };

  it('accept 1 to 256 and 1 to 2,000 characters', async () => {
    expect((await check(TextDto, valid)).errors).toEqual({});
    expect((await check(TextDto, { name: 'n', reason: 'r' })).errors).toEqual({});
  });

  it('refuse longer, empty and non-string values, naming the field', async () => {
    const { errors } = await check(TextDto, { name: 'n'.repeat(257), reason: 'r'.repeat(2001) });
    expect(errors).toEqual({
      name: ['name must be shorter than or equal to 256 characters'],
      reason: ['reason must be shorter than or equal to 2000 characters'],
    });
    const empty = await check(TextDto, { name: '', reason: 5 });
    expect(empty.errors.name).toEqual(['name should not be empty']);
    expect(empty.errors.reason).toContain('reason must be a string');
  });

  it('with allowEmpty accept "" but still bound the length', async () => {
    expect((await check(TextDto, { ...valid, message: '' })).errors).toEqual({});
    expect((await check(TextDto, { ...valid, message: 'm'.repeat(2001) })).errors).toEqual({
      message: ['message must be shorter than or equal to 2000 characters'],
    });
  });
});

describe('IsEmailAddress, IsCountryCode, IsMpnId', () => {
  const valid = { email: 'ada@contoso.example', country: 'US', mpnId: '0123456' };

  it('accept an email, an upper-case ISO 3166-1 alpha-2 code and 6 to 10 digits', async () => {
    expect((await check(ContactDto, valid)).errors).toEqual({});
    expect((await check(ContactDto, { ...valid, country: 'DE', mpnId: '1234567890' })).errors).toEqual({});
  });

  it('refuse a non-email and one over 256 characters', async () => {
    expect((await check(ContactDto, { ...valid, email: 'not-an-email' })).errors).toEqual({ email: ['email must be an email address'] });
    const long = `${'a'.repeat(250)}@contoso.example`;
    expect((await check(ContactDto, { ...valid, email: long })).errors.email).toContain('email must be shorter than or equal to 256 characters');
  });

  it.each([
    ['lower case', 'us', 'country must be an ISO 3166-1 alpha-2 country code in upper case (e.g. US, DE)'],
    ['three letters', 'USA', 'country must be an ISO 3166-1 alpha-2 country code in upper case (e.g. US, DE)'],
    ['no such country', 'XX', 'country must be an ISO 3166-1 alpha-2 country code (e.g. US, DE)'],
  ])('refuse a country in %s', async (_case, country, message) => {
    const { errors } = await check(ContactDto, { ...valid, country });
    expect(Object.keys(errors)).toEqual(['country']);
    expect(errors.country).toContain(message);
  });

  it.each([['12345'], ['12345678901'], ['12345a'], [1234567]])('refuse the MPN id %p', async (mpnId) => {
    expect((await check(ContactDto, { ...valid, mpnId })).errors).toEqual({ mpnId: ['mpnId must be a string of 6 to 10 digits'] });
  });
});

describe('IsOneOf and IsPartnerRoles', () => {
  const valid = { cloud: 'global', roles: ['global-admin', 'sales-agent'] };

  it('accept a listed value and distinct recorded roles', async () => {
    expect((await check(ChoiceDto, valid)).errors).toEqual({});
  });

  it('refuse an unlisted value, naming the allowed ones', async () => {
    expect((await check(ChoiceDto, { ...valid, cloud: 'mars' })).errors).toEqual({ cloud: ['cloud must be one of: global, us-government'] });
  });

  it.each([
    ['empty', []],
    ['with a duplicate', ['global-admin', 'global-admin']],
    ['with an unknown role', ['global-admin', 'owner']],
    ['not an array', 'global-admin'],
  ])('refuse roles %s', async (_case, roles) => {
    expect(Object.keys((await check(ChoiceDto, { ...valid, roles })).errors)).toEqual(['roles']);
  });
});

describe('IsIsoDateTime (recorded) and IsIsoTime (read bounds)', () => {
  it.each([['2025-06-30T00:00:00Z'], ['2025-06-30T02:00:00+02:00'], ['2025-06-30T00:00:00.123Z']])('IsIsoDateTime accepts %s', async (termEndsAt) => {
    expect((await check(TimeDto, { termEndsAt })).errors).toEqual({});
  });

  it.each([
    ['a date alone', '2025-06-30', 'termEndsAt must be an ISO 8601 date-time with an offset, e.g. 2025-06-30T00:00:00Z'],
    ['no offset', '2025-06-30T00:00:00', 'termEndsAt must be an ISO 8601 date-time with an offset, e.g. 2025-06-30T00:00:00Z'],
    ['no such day', '2025-02-30T00:00:00Z', 'termEndsAt must be a valid ISO 8601 date-time'],
  ])('IsIsoDateTime refuses %s', async (_case, termEndsAt, message) => {
    expect((await check(TimeDto, { termEndsAt })).errors).toEqual({ termEndsAt: [message] });
  });

  it('IsIsoTime accepts a date or a date-time and refuses other text', async () => {
    const termEndsAt = '2025-06-30T00:00:00Z';
    expect((await check(TimeDto, { termEndsAt, asOf: '2025-03-01' })).errors).toEqual({});
    expect((await check(TimeDto, { termEndsAt, asOf: '2025-03-01T10:00:00Z' })).errors).toEqual({});
    expect((await check(TimeDto, { termEndsAt, asOf: 'yesterday' })).errors).toEqual({ asOf: ['asOf must be an ISO 8601 time'] });
  });

  it('toUtcIso records the instant in UTC', () => {
    expect(toUtcIso('2025-06-30T02:00:00+02:00')).toBe('2025-06-30T00:00:00.000Z');
  });
});
