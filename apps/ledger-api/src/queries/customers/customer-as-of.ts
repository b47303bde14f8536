import { type CustomerEvent, CustomerFolder, type CustomerState, isCustomerEvent, occurredMillisOf } from '@ledger/customers';
import type { CustomerView } from '@ledger/projections';

/*
 * `GET /v1/customers/{customerId}?asOf=` / `?atPosition=`: the customer as it was, answered from
 * its event stream — never from a read model — by folding the events up to that point with the
 * customer aggregate's own evolve. The times the read model shows (`since`, `grantedAt`) are not
 * part of the aggregate's state; they come from the deciding events' metadata.occurredAt.
 */

/** A stored event as the event store returns it (only what the replay needs). */
export interface LoggedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly position: number;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
}

/** Where to stop: a time (inclusive, compared as an instant), a log position (inclusive), or now. */
export type PointInTime = { readonly asOf: string } | { readonly atPosition: number } | { readonly now: true };

/** The customer stream folded up to a point, with the times of the facts the view shows. */
export interface CustomerReplay {
  readonly state: CustomerState;
  /** Per partner: when its current (or last) relationship was established. */
  readonly establishedAt: ReadonlyMap<string, string>;
  /** Per partner: when its current (or last) DAP grant was made. */
  readonly grantedAt: ReadonlyMap<string, string>;
  /** Request ids in the order they were made. */
  readonly requestOrder: readonly string[];
}

/** When the event happened (occurredMillisOf: the command's time, domain §6, else the store's time), in canonical UTC. */
export function occurredAtOf(event: LoggedEvent): string {
  return new Date(occurredMillisOf(event)).toISOString();
}

/**
 * Folds one customer's stream (in log order) up to `point` with the customer aggregate's own
 * fold (CustomerFolder: the same state as evolveCustomer event by event, in O(n)), noting when the
 * facts the view shows happened.
 */
export function replayCustomer(events: readonly LoggedEvent[], point: PointInTime): CustomerReplay {
  const cutoffTime = 'asOf' in point ? Date.parse(point.asOf) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(cutoffTime)) throw new RangeError(`asOf is not a time: ${'asOf' in point ? point.asOf : ''}`);
  const cutoffPosition = 'atPosition' in point ? point.atPosition : Number.POSITIVE_INFINITY;
  const folder = new CustomerFolder();
  const establishedAt = new Map<string, string>();
  const grantedAt = new Map<string, string>();
  const requestOrder: string[] = [];
  for (const stored of events) {
    if (stored.position > cutoffPosition) break;
    if (occurredMillisOf(stored) > cutoffTime) continue;
    const candidate = { type: stored.type, data: stored.data };
    if (!isCustomerEvent(candidate)) continue;
    const event = candidate as CustomerEvent;
    if (!folder.apply(event)) continue;
    if (event.type === 'ResellerRelationshipEstablished') establishedAt.set(event.data.partnerId, occurredAtOf(stored));
    if (event.type === 'DelegatedAdminPrivilegesGranted') grantedAt.set(event.data.partnerId, occurredAtOf(stored));
    if (event.type === 'RelationshipRequested') requestOrder.push(event.data.requestId);
  }
  return { state: folder.state, establishedAt, grantedAt, requestOrder };
}

/**
 * The same shape as the read model's current view: active relationships and active DAP grants
 * (retained ones included, `relationshipActive: false`) by partner id, open requests oldest first.
 * With `partnerId`, only that partner's entries (domain §2). Null when not registered (then).
 */
export function customerViewOf(replay: CustomerReplay, scope: { readonly partnerId?: string } = {}): CustomerView | null {
  const { state } = replay;
  if (state.status !== 'registered') return null;
  const visible = (partnerId: string): boolean => scope.partnerId === undefined || partnerId === scope.partnerId;
  const byPartnerId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const relationships = Object.entries(state.relationships)
    .filter(([partnerId, relationship]) => relationship.status === 'active' && visible(partnerId))
    .map(([partnerId]) => partnerId)
    .sort(byPartnerId)
    .map((partnerId) => ({ partnerId, since: replay.establishedAt.get(partnerId)! }));
  const dapGrants = Object.entries(state.dapGrants)
    .filter(([partnerId, grant]) => grant.status === 'active' && visible(partnerId))
    .map(([partnerId]) => partnerId)
    .sort(byPartnerId)
    .map((partnerId) => ({
      partnerId,
      grantedAt: replay.grantedAt.get(partnerId)!,
      relationshipActive: state.relationships[partnerId]?.status === 'active',
    }));
  const openRequests = replay.requestOrder
    .map((requestId) => state.requests[requestId]!)
    .filter((request) => request.status === 'open' && (scope.partnerId === undefined || request.partners.includes(scope.partnerId)))
    .map((request) => ({ requestId: request.requestId, partners: [...request.partners], delegatedAdminFor: [...request.delegatedAdminFor] }));
  return {
    customerId: state.customerId,
    companyName: state.companyName,
    domain: state.domain,
    country: state.country,
    cloud: state.cloud,
    relationships,
    dapGrants,
    openRequests,
  };
}

/**
 * Whether a partner may read this customer at all (domain §2, api.md: "a partner that has or had
 * a relationship sees only its own entries"): it has or had a reseller relationship with it, or an
 * open request to the customer names it (the partner asked, and may follow its own request).
 */
export function partnerIsLinked(state: CustomerState, partnerId: string): boolean {
  if (state.status !== 'registered') return false;
  if (state.relationships[partnerId] !== undefined) return true;
  return Object.values(state.requests).some((request) => request.status === 'open' && request.partners.includes(partnerId));
}
