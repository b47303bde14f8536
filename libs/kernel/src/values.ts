/** Value vocabularies of domain §1 and api.md "Field formats". */
export type Cloud = 'global' | 'us-government' | 'germany' | 'china';
export const CLOUDS: readonly Cloud[] = ['global', 'us-government', 'germany', 'china'];

export type PartnerType = 'direct-provider' | 'indirect-provider' | 'indirect-reseller';
export const PARTNER_TYPES: readonly PartnerType[] = ['direct-provider', 'indirect-provider', 'indirect-reseller'];

export type Billing = 'license' | 'usage';
export const BILLINGS: readonly Billing[] = ['license', 'usage'];

export type Channel = 'csp' | 'direct' | 'advisor' | 'open' | 'ea' | 'third-party';
export const CHANNELS: readonly Channel[] = ['csp', 'direct', 'advisor', 'open', 'ea', 'third-party'];

/** Stream names (domain §3). They are permanent once chosen. */
export const streams = {
  partner: (partnerId: string) => `partner-${partnerId}`,
  partnership: (providerId: string, resellerId: string) => `partnership-${providerId}-${resellerId}`,
  customer: (customerId: string) => `customer-${customerId}`,
  subscription: (subscriptionId: string) => `subscription-${subscriptionId}`,
} as const;
