/** Who executes a command or reads the ledger (domain §2). */
export type ActorKind = 'partner' | 'customer' | 'program' | 'auditor' | 'service';

export const ACTOR_KINDS: readonly ActorKind[] = ['partner', 'customer', 'program', 'auditor', 'service'];

/** Roles a partner user may hold; they are the ones the ledger recorded for that user. */
export type PartnerRole =
  | 'global-admin'
  | 'account-admin'
  | 'user-admin'
  | 'admin-agent'
  | 'sales-agent'
  | 'helpdesk-agent'
  | 'billing-admin';

export const PARTNER_ROLES: readonly PartnerRole[] = [
  'global-admin',
  'account-admin',
  'user-admin',
  'admin-agent',
  'sales-agent',
  'helpdesk-agent',
  'billing-admin',
];

/** Every role name the ledger knows, across actor kinds. */
export const ALL_ROLES: readonly string[] = [...PARTNER_ROLES, 'reviewer', 'auditor', 'reader'];

/** Domain §2 role sets. */
export const ADMINS: readonly PartnerRole[] = ['global-admin', 'account-admin', 'admin-agent'];
export const SELLERS: readonly PartnerRole[] = [...ADMINS, 'sales-agent'];
export const USER_MANAGERS: readonly PartnerRole[] = ['global-admin', 'user-admin', 'admin-agent'];

/**
 * The authenticated actor, as it is recorded in every event's metadata.
 * `roles` are the roles the token claimed; for partner users the write side checks the roles the
 * ledger recorded instead (domain §2), and those are what authorization uses.
 */
export interface Actor {
  readonly kind: ActorKind;
  /** Partner id for `partner`, customer tenant id for `customer`, any string for other kinds. */
  readonly tenantId: string;
  /** The user id (the token's `sub`). */
  readonly userId: string;
  readonly roles: readonly string[];
}

export function hasAnyRole(roles: readonly string[], wanted: readonly string[]): boolean {
  return roles.some((role) => wanted.includes(role));
}
