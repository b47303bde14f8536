import { type Upcaster, UpcasterRegistry } from './upcaster';

/*
 * The ledger's own schema changes, oldest first. Each entry keeps the shape it starts from: those
 * events stay in the log for good, so the old shape is part of the contract as long as the log is.
 * How to add one: docs/event-contract.md, "Changing an event".
 *
 * The shapes are written out here rather than imported from the bounded contexts: the store's
 * library depends on no domain library, and a version's shape must not follow later edits of the
 * current type. The upcasting spec checks that each upcaster's output is the domain's current type.
 */

/** `CustomerRegistered` data as schema version 1 recorded it (libs/customers, before `registeredBy`). */
export interface CustomerRegisteredDataV1 {
  readonly customerId: string;
  readonly companyName: string;
  readonly domain: string;
  readonly country: string;
  readonly cloud: 'global' | 'us-government' | 'germany' | 'china';
  /** Set when a partner's seller registered the customer; absent when the customer registered itself. */
  readonly registeredByPartnerId?: string;
}

/** `CustomerRegistered` data in schema version 2: who registered the customer is explicit. */
export interface CustomerRegisteredDataV2 extends CustomerRegisteredDataV1 {
  readonly registeredBy: 'partner' | 'customer';
}

/**
 * CustomerRegistered 1 → 2. Version 2 says who registered the customer, like `revokedBy`,
 * `cancelledBy` and `endedBy` on the other events, so a subscriber (a CRM sync) need not infer it
 * from an optional field's absence. A version-1 event already holds the answer: a partner's seller
 * registered it exactly when `registeredByPartnerId` is present.
 */
export const customerRegisteredV1ToV2: Upcaster<CustomerRegisteredDataV1, CustomerRegisteredDataV2> = {
  eventType: 'CustomerRegistered',
  fromVersion: 1,
  description: 'Adds `registeredBy` (`partner` when `registeredByPartnerId` is present, else `customer`).',
  upcast: (data) => ({
    ...data,
    registeredBy: data.registeredByPartnerId !== undefined ? 'partner' : 'customer',
  }),
};

/** Every upcaster of the ledger's events; what `withUpcasting(store, LEDGER_UPCASTERS)` applies. */
export const LEDGER_UPCASTERS = new UpcasterRegistry([customerRegisteredV1ToV2 as Upcaster]);
