import { CUSTOMER_EVENT_TYPES } from '@ledger/customers';
import { MPN_REGISTRY_EVENT_TYPES, PARTNER_EVENT_TYPES, TENANT_REGISTRY_EVENT_TYPES } from '@ledger/partners';
import { PARTNERSHIP_EVENT_TYPES } from '@ledger/partnerships';
import { SUBSCRIPTION_EVENT_TYPES } from '@ledger/subscriptions';

/**
 * Every event type the ledger publishes: the `types=` filter accepts these and nothing else (a
 * misspelt type would otherwise silently match nothing forever). contracts/contracts.spec.ts
 * checks that each has a JSON Schema and each schema a type here.
 */
export const PUBLISHED_EVENT_TYPES: readonly string[] = [
  ...PARTNER_EVENT_TYPES,
  ...MPN_REGISTRY_EVENT_TYPES,
  ...TENANT_REGISTRY_EVENT_TYPES,
  ...PARTNERSHIP_EVENT_TYPES,
  ...CUSTOMER_EVENT_TYPES,
  ...SUBSCRIPTION_EVENT_TYPES,
];

/**
 * Stream categories, i.e. what stream ids start with before their first `-` (domain §3, plus the
 * two reservation registries of decision 0002): the `categories=` filter accepts these.
 */
export const STREAM_CATEGORIES: readonly string[] = ['partner', 'partnership', 'customer', 'subscription', 'mpn', 'tenant'];

/** The category of a stream id: the part before its first `-` (the whole id when it has none). */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
