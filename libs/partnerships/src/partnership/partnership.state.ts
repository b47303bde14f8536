import type { PartnershipGrant } from './partnership.events';

/** The open invitation of an `invited` partnership. */
export interface OpenInvitation {
  readonly invitationId: string;
  readonly message?: string;
}

/** What a partnership remembers once the pair has had any invitation. */
export interface PartnershipHistory {
  readonly providerId: string;
  readonly resellerId: string;
  /**
   * Every invitation id ever issued for this pair, oldest first: an id in here that is not the open
   * invitation is "no longer open" (409), any other id is unknown (404).
   */
  readonly invitationIds: readonly string[];
}

/**
 * The partnership between one indirect provider and one indirect reseller
 * (stream `partnership-{providerId}-{resellerId}`), a union on `status`:
 * `none` — never invited; `invited` — one open invitation; `active` — the reseller authorized the
 * provider, with the grants still held; `ended` — either side ended it; the pair may be invited again,
 * which starts a new `invited` → `active` cycle on the same stream.
 */
export type PartnershipState =
  | { readonly status: 'none' }
  | (PartnershipHistory & { readonly status: 'invited'; readonly openInvitation: OpenInvitation })
  | (PartnershipHistory & {
      readonly status: 'active';
      /** The invitation whose authorization started this active period. */
      readonly invitationId: string;
      /** What the provider currently holds: `submit-orders` always; `reseller-tenant-admin` until removed. */
      readonly grants: readonly PartnershipGrant[];
    })
  | (PartnershipHistory & { readonly status: 'ended'; readonly endedBy: 'provider' | 'reseller' });

export const initialPartnershipState: PartnershipState = { status: 'none' };
