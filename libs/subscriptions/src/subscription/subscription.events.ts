import type { Billing, Channel, DomainEvent } from '@ledger/kernel';

/*
 * Events of the subscription aggregate, stream `subscription-{subscriptionId}` (domain §3, §4.4).
 * Every event names `customerId` and the partners it concerns in its data, so readers filtering
 * on data (the audit log, per-partner read models) find it. The `type` strings are a public
 * contract: never rename them; add optional fields only.
 */

/**
 * A subscription the customer bought was recorded: through a CSP partner (channel `csp`, with
 * that partner of record) or elsewhere (direct, advisor, open, EA, third party — no partner of
 * record; a CSP partner may later be hired to manage it: multi-channel).
 */
export type SubscriptionRecorded = DomainEvent<
  'SubscriptionRecorded',
  {
    /** The subscription's id (UUID); also the stream id's suffix. */
    readonly subscriptionId: string;
    /** The customer who bought it. */
    readonly customerId: string;
    /** What was bought, e.g. `Office 365 E3` or `Azure plan`. */
    readonly offer: string;
    /** `license` (seat-based, with a term) or `usage` (Azure, metered). */
    readonly billing: Billing;
    /** Where it was bought: `csp`, `direct`, `advisor`, `open`, `ea` or `third-party`. */
    readonly channel: Channel;
    /** For channel `csp` only: the partner that sold it and answers for it. Absent for other channels. */
    readonly partnerOfRecord?: string;
    /**
     * When the current term ends (ISO 8601), if known. A `license` subscription may move to
     * another partner only once it has passed.
     */
    readonly termEndsAt?: string;
  }
>;

/**
 * Multi-channel: the customer's global admin hired a partner (with an active reseller
 * relationship) to manage and support the subscription. The partner of record does not change.
 */
export type SubscriptionManagementDelegated = DomainEvent<
  'SubscriptionManagementDelegated',
  {
    /** The subscription now managed by the partner. */
    readonly subscriptionId: string;
    /** The subscription's customer. */
    readonly customerId: string;
    /** The partner that manages the subscription from now on. */
    readonly partnerId: string;
    /** The partner that managed it before, if one did. */
    readonly previousManagerId?: string;
    /** The partner of record, unchanged by the delegation, if there is one. */
    readonly partnerOfRecord?: string;
  }
>;

/**
 * The customer's global admin moved the subscription to another partner of record: at any time
 * for `usage` (Azure) subscriptions, for `license` ones only once the term has ended.
 */
export type SubscriptionPartnerSwitched = DomainEvent<
  'SubscriptionPartnerSwitched',
  {
    /** The subscription switched. */
    readonly subscriptionId: string;
    /** The subscription's customer. */
    readonly customerId: string;
    /** The partner of record before the switch; absent when it had none. */
    readonly fromPartnerId?: string;
    /** The new partner of record. */
    readonly toPartnerId: string;
  }
>;

/** The subscription was cancelled; it stays in the ledger as `cancelled`. */
export type SubscriptionCancelled = DomainEvent<
  'SubscriptionCancelled',
  {
    /** The cancelled subscription. */
    readonly subscriptionId: string;
    /** The subscription's customer. */
    readonly customerId: string;
    /** The partner of record at cancellation, if there was one. */
    readonly partnerOfRecord?: string;
    /** `partner`: a seller of the partner of record cancelled it; `customer`: the customer's global admin did. */
    readonly cancelledBy: 'partner' | 'customer';
  }
>;

/** Every event of a `subscription-*` stream. */
export type SubscriptionEvent =
  | SubscriptionRecorded
  | SubscriptionManagementDelegated
  | SubscriptionPartnerSwitched
  | SubscriptionCancelled;

export const SUBSCRIPTION_EVENT_TYPES: readonly SubscriptionEvent['type'][] = [
  'SubscriptionRecorded',
  'SubscriptionManagementDelegated',
  'SubscriptionPartnerSwitched',
  'SubscriptionCancelled',
];
