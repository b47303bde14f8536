import type { Cloud, DomainEvent } from '@ledger/kernel';

/*
 * Events of the customer aggregate, stream `customer-{customerId}` (domain §3, §4.3).
 * All of one customer's reseller relationships, relationship requests and DAP grants live in this
 * one stream, so the multi-partner rules are checked in one place under optimistic concurrency.
 * Every event names `customerId` in its data so readers filtering on data (the audit log) find it.
 * The `type` strings are a public contract: never rename them; add optional fields only.
 */

/**
 * A customer organisation (one tenant) became known to the ledger. Registering creates no
 * reseller relationship: a partner has to request one and the customer has to accept it.
 */
export type CustomerRegistered = DomainEvent<
  'CustomerRegistered',
  {
    /** The customer's tenant id (UUID); also the stream id's suffix. */
    readonly customerId: string;
    /** The organisation's display name. */
    readonly companyName: string;
    /** The customer's primary domain, e.g. `contoso.onmicrosoft.com`. */
    readonly domain: string;
    /** ISO 3166-1 alpha-2 country of the organisation. */
    readonly country: string;
    /** The cloud instance the tenant lives in; no relationship ever crosses it. */
    readonly cloud: Cloud;
    /**
     * The partner whose seller registered the customer, when a partner did; absent when the
     * customer's own global admin registered itself. Registering grants that partner nothing.
     */
    readonly registeredByPartnerId?: string;
    /**
     * Who registered the customer: `partner` (a seller of `registeredByPartnerId`) or `customer`
     * (the customer's own global admin). Written since schema version 2. Optional in this type only
     * because events recorded as version 1 lack it in the raw log; readers of the upcast store and
     * of the event stream always get it (libs/event-store/src/upcasting).
     */
    readonly registeredBy?: 'partner' | 'customer';
  }
>;

/**
 * A partner asked the customer to accept reseller relationships (and optionally delegated admin
 * privileges). Either one partner alone (RequestResellerRelationship), or an indirect reseller
 * together with its indirect provider (InviteCustomerWithIndirectProvider). The request stays open
 * until the customer accepts or declines it.
 */
export type RelationshipRequested = DomainEvent<
  'RelationshipRequested',
  {
    /** The customer asked. */
    readonly customerId: string;
    /** The request's id, derived from the requesting command's id; the customer accepts or declines by it. */
    readonly requestId: string;
    /**
     * The partners that become resellers of record when the customer accepts: `[partnerId]`, or
     * `[resellerId, providerId]` for a combined invitation. The first one is the requesting partner.
     */
    readonly partners: readonly string[];
    /**
     * The partners that get delegated admin privileges on acceptance: the requesting partner when
     * the request included DAP, else empty. An indirect provider never gets DAP through a
     * combined invitation (domain §4.3).
     */
    readonly delegatedAdminFor: readonly string[];
    /** For a combined invitation, the indirect provider invited together with the reseller. */
    readonly indirectProviderId?: string;
  }
>;

/**
 * The customer's global admin accepted an open request. The relationships and grants it creates
 * follow as separate `ResellerRelationshipEstablished` and `DelegatedAdminPrivilegesGranted`
 * events in the same append (only for those not already active).
 */
export type RelationshipAccepted = DomainEvent<
  'RelationshipAccepted',
  {
    /** The accepting customer. */
    readonly customerId: string;
    /** The accepted request. */
    readonly requestId: string;
    /** The request's partners, repeated so a reader of this event alone knows who was accepted. */
    readonly partners: readonly string[];
    /** The request's DAP partners, repeated for the same reason. */
    readonly delegatedAdminFor: readonly string[];
  }
>;

/**
 * A partner now has an active reseller relationship with the customer: it may submit orders for
 * it (domain §4.5) and the customer is on its customer list.
 */
export type ResellerRelationshipEstablished = DomainEvent<
  'ResellerRelationshipEstablished',
  {
    /** The customer. */
    readonly customerId: string;
    /** The partner that became a reseller of record for the customer. */
    readonly partnerId: string;
    /** The accepted request that established it. */
    readonly requestId: string;
  }
>;

/**
 * A partner now holds delegated administrative privileges on the customer's tenant: it may
 * administer the tenant (domain §4.5), independently of its reseller relationship.
 */
export type DelegatedAdminPrivilegesGranted = DomainEvent<
  'DelegatedAdminPrivilegesGranted',
  {
    /** The customer whose tenant may be administered. */
    readonly customerId: string;
    /** The partner granted admin access. */
    readonly partnerId: string;
    /** The accepted request that granted it. */
    readonly requestId: string;
  }
>;

/** The customer's global admin declined an open request; nothing was established or granted. */
export type RelationshipDeclined = DomainEvent<
  'RelationshipDeclined',
  {
    /** The declining customer. */
    readonly customerId: string;
    /** The declined request. */
    readonly requestId: string;
    /** The request's partners, repeated so a reader of this event alone knows who was declined. */
    readonly partners: readonly string[];
  }
>;

/** What the partner represented when it ended the relationship (the seed's attestation text). */
export interface RemovalAttestation {
  /** The decision was made in good faith; must be `true` for the removal to be recorded. */
  readonly goodFaith: boolean;
  /** The legitimate business purpose the partner stated for ending the relationship. */
  readonly legitimateBusinessPurpose: string;
}

/** Whether the partner's agreement requires a legal notice of termination, and when it gave it. */
export interface RemovalLegalNotice {
  /** The agreement with the customer requires a legal notice of termination. */
  readonly required: boolean;
  /** When the partner says it provided the notice (ISO 8601), if it did. The ledger sends none. */
  readonly providedAt?: string;
}

/**
 * A partner ended its reseller relationship with the customer: it may no longer submit orders
 * and the customer leaves its customer list. Its DAP grant, if any, is deliberately left
 * unchanged — from here on it is a *retained DAP grant*, the compliance risk the ledger surfaces.
 */
export type CustomerRelationshipRemoved = DomainEvent<
  'CustomerRelationshipRemoved',
  {
    /** The customer. */
    readonly customerId: string;
    /** The partner whose relationship ended. */
    readonly partnerId: string;
    /** The partner's attestation, recorded as given. */
    readonly attestation: RemovalAttestation;
    /** The legal-notice facts, recorded as given; the ledger generates no notice. */
    readonly legalNotice: RemovalLegalNotice;
  }
>;

/** Who gave up a DAP grant. */
export type DelegatedAdminRevoker = 'customer' | 'partner';

/** A partner's delegated admin privileges on the customer's tenant ended. */
export type DelegatedAdminPrivilegesRevoked = DomainEvent<
  'DelegatedAdminPrivilegesRevoked',
  {
    /** The customer. */
    readonly customerId: string;
    /** The partner that lost admin access. */
    readonly partnerId: string;
    /** `customer`: the customer's global admin revoked it; `partner`: the partner's admin gave it up. */
    readonly revokedBy: DelegatedAdminRevoker;
  }
>;

/** Every event of the customer stream. */
export type CustomerEvent =
  | CustomerRegistered
  | RelationshipRequested
  | RelationshipAccepted
  | ResellerRelationshipEstablished
  | DelegatedAdminPrivilegesGranted
  | RelationshipDeclined
  | CustomerRelationshipRemoved
  | DelegatedAdminPrivilegesRevoked;

export type CustomerEventType = CustomerEvent['type'];

/** The event types of the customer stream, e.g. for a store filter. */
export const CUSTOMER_EVENT_TYPES: readonly CustomerEventType[] = [
  'CustomerRegistered',
  'RelationshipRequested',
  'RelationshipAccepted',
  'ResellerRelationshipEstablished',
  'DelegatedAdminPrivilegesGranted',
  'RelationshipDeclined',
  'CustomerRelationshipRemoved',
  'DelegatedAdminPrivilegesRevoked',
];

export function isCustomerEvent(event: { readonly type: string }): event is CustomerEvent {
  return (CUSTOMER_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** The time fields of a stored event, as an event store returns it. */
export interface StoredEventTimes {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly recordedAt?: string;
}

/**
 * When a stored customer event happened, in epoch milliseconds: its `metadata.occurredAt` (the
 * command's time, domain §6) if that is a time, else the store's `recordedAt`; NaN if neither is.
 * The authorization check and the as-of query both take an event's time from here.
 */
export function occurredMillisOf(stored: StoredEventTimes): number {
  const stated = stored.metadata['occurredAt'];
  const millis = typeof stated === 'string' ? Date.parse(stated) : Number.NaN;
  if (!Number.isNaN(millis)) return millis;
  return stored.recordedAt === undefined ? Number.NaN : Date.parse(stored.recordedAt);
}
