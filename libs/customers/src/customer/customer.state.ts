import type { Cloud } from '@ledger/kernel';
import type { DelegatedAdminRevoker, RemovalAttestation, RemovalLegalNotice } from './customer.events';

/**
 * A partner's reseller relationship with the customer. A relationship that was removed stays
 * here as `removed` (the ledger forgets nothing); a new accepted request makes it `active` again.
 * Wall-clock times and log positions are not part of the state: they are in every event's
 * metadata, and the authorization check and the read models take them from there.
 */
export type ResellerRelationship =
  | {
      readonly status: 'active';
      /** The accepted request that (most recently) established it. */
      readonly establishedByRequestId: string;
    }
  | {
      readonly status: 'removed';
      readonly establishedByRequestId: string;
      /** What the partner attested when removing it. */
      readonly attestation: RemovalAttestation;
      readonly legalNotice: RemovalLegalNotice;
    };

/** A partner's delegated admin privileges on the customer's tenant. Independent of the relationship. */
export type DelegatedAdminGrant =
  | {
      readonly status: 'active';
      /** The accepted request that (most recently) granted it. */
      readonly grantedByRequestId: string;
    }
  | {
      readonly status: 'revoked';
      readonly grantedByRequestId: string;
      readonly revokedBy: DelegatedAdminRevoker;
    };

export type RelationshipRequestStatus = 'open' | 'accepted' | 'declined';

/** A request (or combined invitation) the customer was sent, and what became of it. */
export interface RelationshipRequest {
  readonly requestId: string;
  /** Partners that become resellers on acceptance, the requesting partner first. */
  readonly partners: readonly string[];
  /** Partners that get DAP on acceptance. */
  readonly delegatedAdminFor: readonly string[];
  /** Set for a combined reseller + indirect provider invitation. */
  readonly indirectProviderId?: string;
  readonly status: RelationshipRequestStatus;
}

/** The facts of a registered customer. */
export interface RegisteredCustomer {
  readonly status: 'registered';
  readonly customerId: string;
  readonly companyName: string;
  readonly domain: string;
  readonly country: string;
  readonly cloud: Cloud;
  /** By partner id; a partner appears once it has ever had a relationship. */
  readonly relationships: Readonly<Record<string, ResellerRelationship>>;
  /** By partner id; a partner appears once it has ever been granted DAP. */
  readonly dapGrants: Readonly<Record<string, DelegatedAdminGrant>>;
  /** By request id, every request ever made, open or closed. */
  readonly requests: Readonly<Record<string, RelationshipRequest>>;
}

/**
 * The customer aggregate's state (stream `customer-{customerId}`), a union on `status`:
 * `none` until `CustomerRegistered`, then `registered` for good.
 */
export type CustomerState = { readonly status: 'none' } | RegisteredCustomer;

export const initialCustomerState: CustomerState = { status: 'none' };
