import type { Actor, PartnerRole } from '@ledger/kernel';
import type { EnrolledPartnerState, PartnerState, PartnerUser } from './partner.state';

/**
 * Web-based mail services whose addresses are refused for the primary contact (domain §4.1).
 * A trailing `.*` means "with any top-level domain" (see `isWebmailAddress`).
 */
export const WEBMAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'yahoo.*',
  'ymail.com',
  'rocketmail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'outlook.com',
  'hotmail.*',
  'live.*',
  'msn.com',
  'gmx.*',
  'mail.com',
  'protonmail.com',
  'proton.me',
  'yandex.*',
];

/**
 * Second-level labels under which these services run national domains (`yahoo.co.uk`,
 * `hotmail.com.br`, `yandex.com.tr`): `*` covers a country code preceded by one of these, too.
 */
const GENERIC_SECOND_LEVEL_LABELS: ReadonlySet<string> = new Set(['co', 'com', 'net', 'org']);

/**
 * The address is at a web-based mail service, which the program does not accept for the primary
 * contact because it proves nothing about the organisation. Decisions (decision 0002 §webmail):
 * - compared case-insensitively, on the part after the last `@`, ignoring a trailing dot;
 * - `*` is any top-level domain (`yahoo.fr`, `gmx.net`) or a country's generic second level
 *   (`yahoo.co.uk`, `hotmail.com.br`), never an arbitrary company domain (`live.contoso.com` is fine);
 * - subdomains of a listed domain are refused too (`eu.gmail.com`): only the service can own them.
 */
export function isWebmailAddress(email: string): boolean {
  const at = email.lastIndexOf('@');
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  if (at < 0 || domain === '') return false;
  const labels = domain.split('.');
  // The address's domain or any parent domain may be the service's domain.
  for (let start = 0; start < labels.length; start++) {
    if (WEBMAIL_DOMAINS.some((pattern) => matchesWebmailPattern(labels.slice(start), pattern))) return true;
  }
  return false;
}

function matchesWebmailPattern(labels: readonly string[], pattern: string): boolean {
  if (!pattern.endsWith('.*')) return labels.join('.') === pattern;
  const [service, ...suffix] = labels;
  if (service !== pattern.slice(0, -2)) return false;
  if (suffix.length === 1) return isDomainLabel(suffix[0]!);
  if (suffix.length === 2) {
    const [secondLevel, countryCode] = suffix as [string, string];
    return GENERIC_SECOND_LEVEL_LABELS.has(secondLevel) && /^[a-z]{2}$/.test(countryCode);
  }
  return false;
}

const isDomainLabel = (label: string): boolean => /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(label);

/**
 * The MPN organisation profile must be in the same country as the partner's tenant
 * (`legalProfile.country == tenantCountry`); country codes compare case-insensitively.
 */
export function mpnProfileIsInTenantCountry(legalProfileCountry: string, tenantCountry: string): boolean {
  return legalProfileCountry.trim().toUpperCase() === tenantCountry.trim().toUpperCase();
}

/** The actor's TOKEN claims `global-admin`: enrolling happens before the ledger records any user. */
export function tokenClaimsGlobalAdmin(actor: Actor): boolean {
  return actor.roles.includes('global-admin');
}

/** The partner has enrolled (whatever its status). */
export function isEnrolled(partner: PartnerState): partner is EnrolledPartnerState {
  return partner.status !== 'none';
}

/** The enrollment awaits verification and review. */
export function isPendingEnrollment(
  partner: PartnerState,
): partner is Extract<PartnerState, { status: 'pending' }> {
  return partner.status === 'pending';
}

/** The program may approve only once the primary contact has verified its email address. */
export function primaryContactIsVerified(partner: EnrolledPartnerState): boolean {
  return partner.primaryContactVerified;
}

/** The user id is one of the partner's current users. */
export function findRecordedUser(partner: EnrolledPartnerState, userId: string): PartnerUser | undefined {
  return partner.users[userId];
}

/** Emails identify people within a partner; compared case-insensitively. */
export function isEmailUsedByAUser(partner: EnrolledPartnerState, email: string): boolean {
  const wanted = email.trim().toLowerCase();
  return Object.values(partner.users).some((user) => user.email.trim().toLowerCase() === wanted);
}

/**
 * A partner keeps at least one `global-admin`. `rolesAfter` are the user's roles after the change,
 * or `null` when the user is removed. Only a change that takes the role away from its last holder
 * breaks the rule (so a partner that somehow has none is not blocked from other changes).
 */
export function keepsAGlobalAdmin(
  partner: EnrolledPartnerState,
  userId: string,
  rolesAfter: readonly PartnerRole[] | null,
): boolean {
  const user = partner.users[userId];
  if (!user?.roles.includes('global-admin')) return true;
  if (rolesAfter?.includes('global-admin')) return true;
  return Object.values(partner.users).some(
    (other) => other.userId !== userId && other.roles.includes('global-admin'),
  );
}

/** Roles as recorded: each once, in the order given. */
export function distinctRoles(roles: readonly PartnerRole[]): PartnerRole[] {
  return [...new Set(roles)];
}

/** The roles the enrolling user is recorded with (domain §2). */
export const ENROLLING_USER_ROLES: readonly PartnerRole[] = ['global-admin', 'admin-agent'];
