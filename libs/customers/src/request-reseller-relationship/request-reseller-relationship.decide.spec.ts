import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { RequestResellerRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { evolveCustomer } from '../customer/customer.evolve';
import { type CustomerState, initialCustomerState } from '../customer/customer.state';
import {
  contextFor,
  customerAdmin,
  ids,
  noPartner,
  partnerState,
  partnerUser,
  partners,
  registered,
  removed,
  requested,
  users,
  withRelationship,
} from '../testing/customer-fixtures';
import { decideRequestResellerRelationship } from './request-reseller-relationship.decide';

const spec = deciderSpec<CustomerState, CustomerEvent>({ initialState: initialCustomerState, evolve: evolveCustomer });

const request = (
  options: { partnerId?: string; actor?: ReturnType<typeof partnerUser>; includeDelegatedAdmin?: boolean; commandId?: string } = {},
): RequestResellerRelationship => {
  const partnerId = options.partnerId ?? ids.reseller;
  return {
    type: 'RequestResellerRelationship',
    data: { customerId: ids.customer, partnerId, includeDelegatedAdmin: options.includeDelegatedAdmin ?? true },
    context: contextFor(options.actor ?? partnerUser(partnerId, users.salesAgent), options.commandId ? { commandId: options.commandId } : {}),
  };
};

describe('RequestResellerRelationship', () => {
  it('the seed: a reseller requests a relationship with DAP; the request id is the command id', () => {
    spec
      .given([registered()])
      .when((s) => decideRequestResellerRelationship(request({ commandId: 'cmd-request-1' }), s, { partner: partners[ids.reseller]! }))
      .then([requested('cmd-request-1', [ids.reseller], [ids.reseller])]);
  });

  it('without DAP, delegatedAdminFor is empty', () => {
    spec
      .given([registered()])
      .when((s) =>
        decideRequestResellerRelationship(request({ includeDelegatedAdmin: false, commandId: 'c-2' }), s, { partner: partners[ids.reseller]! }),
      )
      .then([requested('c-2', [ids.reseller], [])]);
  });

  it('multi-partner: a second partner may request a customer that already works with another', () => {
    spec
      .given([registered(), ...withRelationship(ids.direct, { dap: true })])
      .when((s) => decideRequestResellerRelationship(request({ commandId: 'c-3' }), s, { partner: partners[ids.reseller]! }))
      .then([requested('c-3', [ids.reseller], [ids.reseller])]);
  });

  it('a partner whose relationship was removed may request again', () => {
    spec
      .given([registered(), ...withRelationship(ids.reseller), removed(ids.reseller)])
      .when((s) => decideRequestResellerRelationship(request({ commandId: 'c-4' }), s, { partner: partners[ids.reseller]! }))
      .then([requested('c-4', [ids.reseller], [ids.reseller])]);
  });

  it('an open request for the same partner does not block another request', () => {
    spec
      .given([registered(), requested('r-open', [ids.reseller])])
      .when((s) => decideRequestResellerRelationship(request({ commandId: 'c-5' }), s, { partner: partners[ids.reseller]! }))
      .then([requested('c-5', [ids.reseller], [ids.reseller])]);
  });

  describe('refusals, in the order of domain §4', () => {
    it('403 for a user of another partner', () => {
      spec
        .given([registered()])
        .when((s) => decideRequestResellerRelationship(request({ actor: partnerUser(ids.direct) }), s, { partner: partners[ids.reseller]! }))
        .thenFails('forbidden', 'forbidden');
    });

    it('403 for a customer actor', () => {
      spec
        .given([registered()])
        .when((s) => decideRequestResellerRelationship(request({ actor: customerAdmin() }), s, { partner: partners[ids.reseller]! }))
        .thenFails('forbidden', 'forbidden');
    });

    it('404 partner-not-found for an unknown partner', () => {
      spec
        .given([registered()])
        .when((s) => decideRequestResellerRelationship(request(), s, { partner: noPartner }))
        .thenFails('partner-not-found', 'not-found');
    });

    it('404 customer-not-found for an unknown customer', () => {
      spec
        .given([])
        .when((s) => decideRequestResellerRelationship(request(), s, { partner: partners[ids.reseller]! }))
        .thenFails('customer-not-found', 'not-found');
    });

    it('unknown ids (404) come before recorded roles (403)', () => {
      spec
        .given([])
        .when((s) =>
          decideRequestResellerRelationship(request({ actor: partnerUser(ids.reseller, users.helpdesk) }), s, {
            partner: partners[ids.reseller]!,
          }),
        )
        .thenFails('customer-not-found');
    });

    it('403 for a recorded user without a seller role', () => {
      spec
        .given([registered()])
        .when((s) =>
          decideRequestResellerRelationship(request({ actor: partnerUser(ids.reseller, users.helpdesk) }), s, {
            partner: partners[ids.reseller]!,
          }),
        )
        .thenFails('forbidden', 'forbidden');
    });

    it('403 for a user the partner never recorded', () => {
      spec
        .given([registered()])
        .when((s) =>
          decideRequestResellerRelationship(request({ actor: partnerUser(ids.reseller, 'stranger') }), s, { partner: partners[ids.reseller]! }),
        )
        .thenFails('forbidden', 'forbidden');
    });

    it('roles (403) come before partner-not-approved', () => {
      spec
        .given([registered()])
        .when((s) =>
          decideRequestResellerRelationship(request({ actor: partnerUser(ids.reseller, users.helpdesk) }), s, {
            partner: partnerState(ids.reseller, 'indirect-reseller', { status: 'pending' }),
          }),
        )
        .thenFails('forbidden');
    });

    it('partner-not-approved for a pending or rejected partner', () => {
      for (const status of ['pending', 'rejected'] as const) {
        spec
          .given([registered()])
          .when((s) => decideRequestResellerRelationship(request(), s, { partner: partnerState(ids.reseller, 'indirect-reseller', { status }) }))
          .thenFails('partner-not-approved', 'conflict');
      }
    });

    it('cross-cloud: a global customer cannot be requested by a 21Vianet (china) partner', () => {
      spec
        .given([registered()])
        .when((s) => decideRequestResellerRelationship(request({ partnerId: ids.chinaPartner }), s, { partner: partners[ids.chinaPartner]! }))
        .thenFails('cross-cloud', 'conflict');
    });

    it('relationship-exists when the partner already has an active relationship', () => {
      spec
        .given([registered(), ...withRelationship(ids.reseller)])
        .when((s) => decideRequestResellerRelationship(request(), s, { partner: partners[ids.reseller]! }))
        .thenFails('relationship-exists', 'conflict');
    });

    it('partner-not-approved comes before cross-cloud and relationship-exists', () => {
      spec
        .given([registered('9b2a6a6e-0c8e-4e8e-9a55-1f1f2d0c0001', 'china'), ...withRelationship(ids.reseller)])
        .when((s) =>
          decideRequestResellerRelationship(request(), s, { partner: partnerState(ids.reseller, 'indirect-reseller', { status: 'pending' }) }),
        )
        .thenFails('partner-not-approved');
    });

    it('cross-cloud comes before relationship-exists', () => {
      spec
        .given([registered(ids.customer, 'china'), ...withRelationship(ids.reseller)])
        .when((s) => decideRequestResellerRelationship(request(), s, { partner: partners[ids.reseller]! }))
        .thenFails('cross-cloud');
    });
  });
});
