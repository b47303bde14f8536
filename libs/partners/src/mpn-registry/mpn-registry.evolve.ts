import type { MpnRegistryEvent } from './mpn-registry.events';
import type { MpnRegistryState } from './mpn-registry.state';

/** Folds one `mpn-*` event: the latest reservation names the holder. Never throws. */
export function evolveMpnRegistry(state: MpnRegistryState, event: MpnRegistryEvent): MpnRegistryState {
  switch (event.type) {
    case 'MpnIdReserved':
      return { status: 'reserved', mpnId: event.data.mpnId, partnerId: event.data.partnerId };
    default:
      return state;
  }
}
