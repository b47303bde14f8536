/** Who holds an MPN id (stream `mpn-{mpnId}`): nobody yet, or one partner. */
export type MpnRegistryState =
  | { readonly status: 'free' }
  | { readonly status: 'reserved'; readonly mpnId: string; readonly partnerId: string };

export const initialMpnRegistryState: MpnRegistryState = { status: 'free' };
