import type { PartnerState } from '../partner/partner.state';
import type { MpnRegistryState } from './mpn-registry.state';

/** The MPN id is held by this very partner: an earlier attempt of the same enrollment claimed it. */
export function isMpnIdHeldBy(state: MpnRegistryState, partnerId: string): boolean {
  return state.status === 'reserved' && state.partnerId === partnerId;
}

/**
 * A claim is stale when its holder has enrolled with a DIFFERENT MPN id: a partner's MPN id never
 * changes once enrolled, so the holder can never use this one. That happens only when an
 * enrollment crashed after reserving and was retried with another id. `holder` is the holder's
 * partner state, read from its stream.
 */
export function isStaleMpnClaim(state: MpnRegistryState, holder: PartnerState): boolean {
  return state.status === 'reserved' && holder.status !== 'none' && holder.mpnId !== state.mpnId;
}
