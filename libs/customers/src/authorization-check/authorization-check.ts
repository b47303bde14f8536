import { type CustomerEvent, isCustomerEvent, occurredMillisOf } from '../customer/customer.events';

/*
 * "May partner P perform action A for customer C, as of time T, and why?" (domain §4.5).
 * Answered from the customer stream itself — never from a read model — so it is always current
 * and can be asked about any past moment. Pure: the caller reads `customer-{customerId}` and passes
 * the events with their log positions and times.
 */

/** The two things a partner may want to do for a customer. */
export type AuthorizationAction = 'submit-order' | 'administer-tenant';

export const AUTHORIZATION_ACTIONS: readonly AuthorizationAction[] = ['submit-order', 'administer-tenant'];

/** A customer event as recorded: its global log position and when it happened (occurredMillisOf, in epoch milliseconds). */
export type RecordedCustomerEvent = CustomerEvent & {
  readonly position: number;
  readonly occurredMillis: number;
};

/** One deciding event. */
export interface AuthorizationReason {
  readonly type: CustomerEvent['type'];
  readonly position: number;
  /** In canonical UTC. */
  readonly occurredAt: string;
}

export interface AuthorizationAnswer {
  readonly allowed: boolean;
  /**
   * The events that decide the answer: the establishment or grant that allows it; the removal or
   * revocation that ended it; the registration when the partner never had one. Empty only when
   * the customer is unknown (as of that time).
   */
  readonly reasons: readonly AuthorizationReason[];
}

/** What starts and what ends each action's permission, for one partner. */
const DECIDING_EVENTS: Record<AuthorizationAction, { grants: CustomerEvent['type']; ends: CustomerEvent['type'] }> = {
  // Submitting orders needs the partner's own active reseller relationship.
  'submit-order': { grants: 'ResellerRelationshipEstablished', ends: 'CustomerRelationshipRemoved' },
  // Administering the tenant needs an active DAP grant, whether or not the relationship is still active.
  'administer-tenant': { grants: 'DelegatedAdminPrivilegesGranted', ends: 'DelegatedAdminPrivilegesRevoked' },
};

/**
 * Answers the question over `events` (one customer's stream, in log order). `asOf` is inclusive:
 * an event that occurred exactly at `asOf` counts. Without `asOf`, every given event counts (now).
 */
export function authorizationCheck(
  events: readonly RecordedCustomerEvent[],
  partnerId: string,
  action: AuthorizationAction,
  asOf?: string,
): AuthorizationAnswer {
  const cutoff = asOf === undefined ? Number.POSITIVE_INFINITY : Date.parse(asOf);
  if (Number.isNaN(cutoff)) throw new RangeError(`asOf is not a valid time: ${asOf}`);
  const known = events.filter((event) => event.occurredMillis <= cutoff);

  const registration = known.find((event) => event.type === 'CustomerRegistered');
  if (!registration) return { allowed: false, reasons: [] };

  const { grants, ends } = DECIDING_EVENTS[action];
  let deciding: RecordedCustomerEvent | undefined;
  for (const event of known) {
    if ((event.type === grants || event.type === ends) && namesPartner(event, partnerId)) deciding = event;
  }
  if (!deciding) return { allowed: false, reasons: [reasonOf(registration)] };
  return { allowed: deciding.type === grants, reasons: [reasonOf(deciding)] };
}

/**
 * Adapts stored events (as an event store returns them) for `authorizationCheck`: keeps the
 * customer events and takes their time from occurredMillisOf (skipping an event that has none).
 */
export function toRecordedCustomerEvents(
  stored: ReadonlyArray<{
    readonly type: string;
    readonly data: unknown;
    readonly position: number;
    readonly metadata: Readonly<Record<string, unknown>>;
    readonly recordedAt?: string;
  }>,
): RecordedCustomerEvent[] {
  // A plain loop building each result literally: flatMap with a spread per event cost ≈ 1.8 µs an
  // event (1.8 ms for a 1,003-event customer). The time is kept as a number: formatting every
  // event's (toISOString) added ≈ 0.9 ms for that customer; only the deciding event's is formatted.
  const recorded: RecordedCustomerEvent[] = [];
  for (const event of stored) {
    if (!isCustomerEvent(event)) continue;
    const occurredMillis = occurredMillisOf(event);
    if (Number.isNaN(occurredMillis)) continue;
    recorded.push({ type: event.type, data: event.data, position: event.position, occurredMillis } as RecordedCustomerEvent);
  }
  return recorded;
}

function namesPartner(event: CustomerEvent, partnerId: string): boolean {
  return 'partnerId' in event.data && event.data.partnerId === partnerId;
}

function reasonOf(event: RecordedCustomerEvent): AuthorizationReason {
  return { type: event.type, position: event.position, occurredAt: new Date(event.occurredMillis).toISOString() };
}
