/* Test fixtures for subscription specs: customer histories, commands and recorded subscriptions. Specs only. */
import type { Actor, Billing, Channel } from '@ledger/kernel';
import { type CustomerEvent, type CustomerState, evolveCustomer, initialCustomerState } from '@ledger/customers';
import { fold } from '@ledger/kernel';
import { ids, registered, removed, withRelationship } from '../../../customers/src/testing/customer-fixtures';
import type { SubscriptionEvent } from '../subscription/subscription.events';

export * from '../../../customers/src/testing/customer-fixtures';

export const subscriptionId = 'c0c0c0c0-0000-4000-8000-000000000001';

export const customerFrom = (events: readonly CustomerEvent[]): CustomerState => fold(evolveCustomer, initialCustomerState, events);

/** A customer working with the reseller and the direct provider (multi-partner); the provider was removed. */
export const customerHistory: CustomerEvent[] = [
  registered(),
  ...withRelationship(ids.reseller, { dap: true }),
  ...withRelationship(ids.direct),
  ...withRelationship(ids.provider),
  removed(ids.provider),
];
export const customer = customerFrom(customerHistory);

export function recordedEvent(
  options: { channel?: Channel; billing?: Billing; partnerOfRecord?: string; termEndsAt?: string; offer?: string } = {},
): SubscriptionEvent {
  const channel = options.channel ?? 'csp';
  return {
    type: 'SubscriptionRecorded',
    data: {
      subscriptionId,
      customerId: ids.customer,
      offer: options.offer ?? 'Office 365 E3',
      billing: options.billing ?? 'license',
      channel,
      ...(channel === 'csp' ? { partnerOfRecord: options.partnerOfRecord ?? ids.reseller } : {}),
      ...(options.termEndsAt !== undefined ? { termEndsAt: options.termEndsAt } : {}),
    },
  };
}

export const cancelledEvent = (cancelledBy: 'partner' | 'customer' = 'customer', partnerOfRecord: string | null = ids.reseller): SubscriptionEvent => ({
  type: 'SubscriptionCancelled',
  data: { subscriptionId, customerId: ids.customer, ...(partnerOfRecord ? { partnerOfRecord } : {}), cancelledBy },
});

export type { Actor };
