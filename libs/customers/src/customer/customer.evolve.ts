import type { CustomerEvent } from './customer.events';
import type { CustomerState, RegisteredCustomer, RelationshipRequest } from './customer.state';

/**
 * Folds one customer event into the state. Never throws: an event that makes no sense in the
 * current state (which the deciders never emit) leaves the state as it is, and returns it.
 *
 * The rule foldCustomer relies on (customer.fold.ts): an event reads and changes only the entries
 * it names: the relationship and the DAP grant under its `data.partnerId`, the request under its
 * `data.requestId`. An event that needs any other entry (say, one per partner in an accept's
 * `data.partners`) breaks it; change foldCustomer with it. customer.fold.spec.ts checks the rule.
 */
export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'CustomerRegistered') {
    if (state.status === 'registered') return state;
    const { customerId, companyName, domain, country, cloud } = event.data;
    return {
      status: 'registered',
      customerId,
      companyName,
      domain,
      country,
      cloud,
      relationships: {},
      dapGrants: {},
      requests: {},
    };
  }
  if (state.status !== 'registered') return state;
  return evolveRegistered(state, event);
}

function evolveRegistered(state: RegisteredCustomer, event: Exclude<CustomerEvent, { type: 'CustomerRegistered' }>): RegisteredCustomer {
  switch (event.type) {
    case 'RelationshipRequested': {
      const { requestId, partners, delegatedAdminFor, indirectProviderId } = event.data;
      const request: RelationshipRequest = {
        requestId,
        partners: [...partners],
        delegatedAdminFor: [...delegatedAdminFor],
        ...(indirectProviderId !== undefined ? { indirectProviderId } : {}),
        status: 'open',
      };
      return { ...state, requests: { ...state.requests, [requestId]: request } };
    }
    case 'RelationshipAccepted':
      return closeRequest(state, event.data.requestId, 'accepted');
    case 'RelationshipDeclined':
      return closeRequest(state, event.data.requestId, 'declined');
    case 'ResellerRelationshipEstablished': {
      const { partnerId, requestId } = event.data;
      return {
        ...state,
        relationships: { ...state.relationships, [partnerId]: { status: 'active', establishedByRequestId: requestId } },
      };
    }
    case 'CustomerRelationshipRemoved': {
      const { partnerId, attestation, legalNotice } = event.data;
      const current = state.relationships[partnerId];
      if (!current || current.status !== 'active') return state;
      return {
        ...state,
        relationships: {
          ...state.relationships,
          [partnerId]: { status: 'removed', establishedByRequestId: current.establishedByRequestId, attestation, legalNotice },
        },
      };
    }
    case 'DelegatedAdminPrivilegesGranted': {
      const { partnerId, requestId } = event.data;
      return {
        ...state,
        dapGrants: { ...state.dapGrants, [partnerId]: { status: 'active', grantedByRequestId: requestId } },
      };
    }
    case 'DelegatedAdminPrivilegesRevoked': {
      const { partnerId, revokedBy } = event.data;
      const current = state.dapGrants[partnerId];
      if (!current || current.status !== 'active') return state;
      return {
        ...state,
        dapGrants: {
          ...state.dapGrants,
          [partnerId]: { status: 'revoked', grantedByRequestId: current.grantedByRequestId, revokedBy },
        },
      };
    }
    default: {
      const unexpected: never = event;
      void unexpected;
      return state;
    }
  }
}

function closeRequest(state: RegisteredCustomer, requestId: string, status: 'accepted' | 'declined'): RegisteredCustomer {
  const request = state.requests[requestId];
  if (!request || request.status !== 'open') return state;
  return { ...state, requests: { ...state.requests, [requestId]: { ...request, status } } };
}
