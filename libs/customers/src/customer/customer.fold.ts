import type { CustomerEvent } from './customer.events';
import { evolveCustomer } from './customer.evolve';
import { type CustomerState, initialCustomerState, type RegisteredCustomer } from './customer.state';

/*
 * Folding a customer stream with evolveCustomer as is copies the records an event changes (the
 * state is immutable), and with them every other partner's and request's entry: O(n²) in the
 * stream's length. These folds hand evolveCustomer, for each
 * event, the state with only the entries that event names, and keep the entries in maps between
 * events: the same state in O(n), as long as evolveCustomer keeps the rule its JSDoc states.
 */

/** Folds a customer stream incrementally: `apply` each event in log order, read `state` at the end. */
export class CustomerFolder {
  /** The state without its records while registered; the records are the three maps. */
  private facts: CustomerState = initialCustomerState;
  private readonly relationships = new Map<string, RegisteredCustomer['relationships'][string]>();
  private readonly dapGrants = new Map<string, RegisteredCustomer['dapGrants'][string]>();
  private readonly requests = new Map<string, RegisteredCustomer['requests'][string]>();

  /** Folds one event in; false when evolveCustomer left the state as it was. */
  apply(event: CustomerEvent): boolean {
    const facts = this.facts;
    const { partnerId, requestId } = (event.data ?? {}) as { partnerId?: unknown; requestId?: unknown };
    const before: CustomerState =
      facts.status === 'registered'
        ? withRecords(facts, entryOf(this.relationships, partnerId), entryOf(this.dapGrants, partnerId), entryOf(this.requests, requestId))
        : facts;
    const after = evolveCustomer(before, event);
    if (after === before) return false;
    if (after.status === 'registered') {
      keep(this.relationships, after.relationships);
      keep(this.dapGrants, after.dapGrants);
      keep(this.requests, after.requests);
    }
    this.facts = after;
    return true;
  }

  /** The state so far (built on each call). */
  get state(): CustomerState {
    const facts = this.facts;
    if (facts.status !== 'registered') return facts;
    return withRecords(facts, Object.fromEntries(this.relationships), Object.fromEntries(this.dapGrants), Object.fromEntries(this.requests));
  }
}

/** The same state as `fold(evolveCustomer, initialCustomerState, events)`, in O(n). */
export function foldCustomer(events: Iterable<CustomerEvent>): CustomerState {
  const folder = new CustomerFolder();
  for (const event of events) folder.apply(event);
  return folder.state;
}

/** The one entry of `record` under `key` (none if the key is not a string or not there). */
function entryOf<V>(record: Map<string, V>, key: unknown): Record<string, V> {
  const value = typeof key === 'string' ? record.get(key) : undefined;
  return value === undefined ? {} : { [key as string]: value };
}

/** Copies the entries of `from` into `into`. */
function keep<V>(into: Map<string, V>, from: Readonly<Record<string, V>>): void {
  for (const key in from) into.set(key, from[key]!);
}

/** A registered customer's facts with the given records (an object literal: cheaper than a spread, and the type names every field). */
function withRecords(
  facts: RegisteredCustomer,
  relationships: RegisteredCustomer['relationships'],
  dapGrants: RegisteredCustomer['dapGrants'],
  requests: RegisteredCustomer['requests'],
): RegisteredCustomer {
  const { status, customerId, companyName, domain, country, cloud } = facts;
  return { status, customerId, companyName, domain, country, cloud, relationships, dapGrants, requests };
}
