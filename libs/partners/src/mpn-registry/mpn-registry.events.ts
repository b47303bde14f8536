import type { DomainEvent } from '@ledger/kernel';

/**
 * The MPN registry (stream `mpn-{mpnId}`) makes "an MPN id belongs to at most one partner" a
 * single-stream fact that can be claimed with optimistic concurrency (decision 0002).
 */
export const mpnRegistryStream = (mpnId: string): string => `mpn-${mpnId}`;

/**
 * The MPN id was claimed for a partner's enrollment. Appended by EnrollPartner before the partner's
 * own events. A later `MpnIdReserved` on the same stream moves a stale claim (its holder enrolled
 * with another MPN id after a crash) to a new partner.
 */
export type MpnIdReserved = DomainEvent<
  'MpnIdReserved',
  {
    /** The Microsoft Partner Network id (6–10 digits). */
    readonly mpnId: string;
    /** The partner that holds it from now on. */
    readonly partnerId: string;
  }
>;

/** Every event of an `mpn-*` stream. */
export type MpnRegistryEvent = MpnIdReserved;

export const MPN_REGISTRY_EVENT_TYPES: readonly MpnRegistryEvent['type'][] = ['MpnIdReserved'];
