import type { Billing, Channel, Command } from '@ledger/kernel';

/* Commands decided against the subscription stream (domain §4.4). Names are the public contract. */

export type RecordSubscription = Command<
  'RecordSubscription',
  {
    readonly subscriptionId: string;
    readonly customerId: string;
    readonly offer: string;
    readonly billing: Billing;
    readonly channel: Channel;
    readonly partnerOfRecord?: string;
    readonly termEndsAt?: string;
  }
>;

export type DelegateSubscriptionManagement = Command<
  'DelegateSubscriptionManagement',
  { readonly subscriptionId: string; readonly partnerId: string }
>;

export type SwitchSubscriptionPartner = Command<'SwitchSubscriptionPartner', { readonly subscriptionId: string; readonly toPartnerId: string }>;

export type CancelSubscription = Command<'CancelSubscription', { readonly subscriptionId: string }>;

export type SubscriptionCommand = RecordSubscription | DelegateSubscriptionManagement | SwitchSubscriptionPartner | CancelSubscription;
