import { type DomainEvent, streams } from '@ledger/kernel';

/** The two-tier partnership's stream: `partnership-{providerId}-{resellerId}` (domain §3). */
export const partnershipStream = (providerId: string, resellerId: string): string =>
  streams.partnership(providerId, resellerId);

/**
 * What authorizing an indirect provider grants it (indirect-reseller seed, "Connect with an indirect
 * provider"): `submit-orders` — submit orders and add subscriptions on behalf of the reseller's
 * customers (it still needs its own reseller relationship with each customer);
 * `reseller-tenant-admin` — administrator access to the reseller's own work-account tenant, which
 * the reseller may later remove while the partnership stays active.
 */
export type PartnershipGrant = 'submit-orders' | 'reseller-tenant-admin';

export const AUTHORIZATION_GRANTS: readonly PartnershipGrant[] = ['submit-orders', 'reseller-tenant-admin'];

/**
 * An indirect provider invited an indirect reseller to authorize it as its provider
 * (InviteReseller). The invitation stays open until the reseller authorizes it.
 */
export type ResellerInvited = DomainEvent<
  'ResellerInvited',
  {
    /** Id of this invitation (the inviting command's id); the reseller quotes it to authorize. */
    readonly invitationId: string;
    /** The inviting indirect provider. */
    readonly providerId: string;
    /** The invited indirect reseller. */
    readonly resellerId: string;
    /** Free text from the provider to the reseller, when given. */
    readonly message?: string;
  }
>;

/**
 * The reseller accepted the invitation, consenting to the grants: the partnership is active.
 * The provider appears on the reseller's indirect providers list and the reseller on the
 * provider's indirect resellers list. No customer is shared by this.
 */
export type IndirectProviderAuthorized = DomainEvent<
  'IndirectProviderAuthorized',
  {
    /** The invitation that was accepted. */
    readonly invitationId: string;
    /** The indirect provider now authorized. */
    readonly providerId: string;
    /** The indirect reseller that authorized it. */
    readonly resellerId: string;
    /** What the reseller granted the provider: always both `submit-orders` and `reseller-tenant-admin`. */
    readonly grants: readonly PartnershipGrant[];
  }
>;

/**
 * The reseller removed the provider's administrator access to the reseller's own tenant
 * (`reseller-tenant-admin`). The partnership stays active, with `submit-orders` only.
 */
export type ProviderTenantAdminAccessRemoved = DomainEvent<
  'ProviderTenantAdminAccessRemoved',
  {
    /** The indirect provider that lost admin access. */
    readonly providerId: string;
    /** The indirect reseller whose tenant it was. */
    readonly resellerId: string;
  }
>;

/**
 * One side ended the partnership. It removes no customer relationship and leaves every DAP grant
 * unchanged (no event on any other stream); the pair may be invited again later.
 */
export type PartnershipEnded = DomainEvent<
  'PartnershipEnded',
  {
    /** The indirect provider of the ended partnership. */
    readonly providerId: string;
    /** The indirect reseller of the ended partnership. */
    readonly resellerId: string;
    /** Which side ended it. */
    readonly endedBy: 'provider' | 'reseller';
    /** Why, in the ending side's words. */
    readonly reason: string;
  }
>;

/** Every event of a `partnership-*` stream. */
export type PartnershipEvent =
  | ResellerInvited
  | IndirectProviderAuthorized
  | ProviderTenantAdminAccessRemoved
  | PartnershipEnded;

export const PARTNERSHIP_EVENT_TYPES: readonly PartnershipEvent['type'][] = [
  'ResellerInvited',
  'IndirectProviderAuthorized',
  'ProviderTenantAdminAccessRemoved',
  'PartnershipEnded',
];
