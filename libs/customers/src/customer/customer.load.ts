import { type EventStore } from '@ledger/event-store';
import { fold, streams } from '@ledger/kernel';
import {
  evolvePartner,
  evolveTenantRegistry,
  initialPartnerState,
  initialTenantRegistryState,
  type PartnerEvent,
  type PartnerState,
  type TenantRegistryEvent,
  type TenantRegistryState,
  tenantRegistryStream,
} from '@ledger/partners';
import {
  evolvePartnership,
  initialPartnershipState,
  isActivePartnership,
  type PartnershipEvent,
  type PartnershipState,
} from '@ledger/partnerships';
import type { CustomerEvent } from './customer.events';
import { foldCustomer } from './customer.fold';
import type { CustomerState } from './customer.state';

/*
 * Loading the facts a command needs from other streams — always from the event store, never
 * from a read model (domain §4: rules are checked against every acknowledged write).
 */

/** A stream folded into state, with the revision it was read at (-1 when the stream does not exist). */
export interface LoadedStream<S> {
  readonly state: S;
  readonly revision: number;
}

export async function loadStream<S, E>(
  store: EventStore,
  streamId: string,
  evolve: (state: S, event: E) => S,
  initialState: S,
): Promise<LoadedStream<S>> {
  const recorded = await store.readStream(streamId);
  const state = fold(
    evolve,
    initialState,
    recorded.map((event) => ({ type: event.type, data: event.data }) as E),
  );
  return { state, revision: recorded[recorded.length - 1]?.revision ?? -1 };
}

/** The partner's state from `partner-{partnerId}`: type, cloud, status and recorded users. */
export async function loadPartnerState(store: EventStore, partnerId: string): Promise<PartnerState> {
  return (await loadStream<PartnerState, PartnerEvent>(store, streams.partner(partnerId), evolvePartner, initialPartnerState)).state;
}

/** The tenant registry entry `tenant-{tenantId}`, with its revision for an exact-revision append. */
export function loadTenantRegistry(store: EventStore, tenantId: string): Promise<LoadedStream<TenantRegistryState>> {
  return loadStream<TenantRegistryState, TenantRegistryEvent>(store, tenantRegistryStream(tenantId), evolveTenantRegistry, initialTenantRegistryState);
}

/** The customer's state from `customer-{customerId}` (used by other aggregates, e.g. subscriptions). */
export async function loadCustomerState(store: EventStore, customerId: string): Promise<CustomerState> {
  const recorded = await store.readStream(streams.customer(customerId));
  return foldCustomer(recorded.map((event) => ({ type: event.type, data: event.data }) as CustomerEvent));
}

/** `partnership-{providerId}-{resellerId}` is active: authorized and not ended. */
export async function loadPartnershipActive(store: EventStore, providerId: string, resellerId: string): Promise<boolean> {
  const { state } = await loadStream<PartnershipState, PartnershipEvent>(
    store,
    streams.partnership(providerId, resellerId),
    evolvePartnership,
    initialPartnershipState,
  );
  return isActivePartnership(state);
}
