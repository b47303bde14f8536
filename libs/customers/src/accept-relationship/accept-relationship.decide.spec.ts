import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { AcceptRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { evolveCustomer } from '../customer/customer.evolve';
import { hasActiveDelegatedAdmin, hasActiveRelationship } from '../customer/customer.rules';
import { type CustomerState, initialCustomerState } from '../customer/customer.state';
import {
  accepted,
  contextFor,
  customerAdmin,
  customerUser,
  ids,
  partnerUser,
  registered,
  removed,
  requested,
  revoked,
  withRelationship,
} from '../testing/customer-fixtures';
import { decideAcceptRelationship } from './accept-relationship.decide';

const spec = deciderSpec<CustomerState, CustomerEvent>({ initialState: initialCustomerState, evolve: evolveCustomer });

const accept = (requestId: string, actor = customerAdmin()): AcceptRelationship => ({
  type: 'AcceptRelationship',
  data: { customerId: ids.customer, requestId },
  context: contextFor(actor),
});

describe('AcceptRelationship', () => {
  it('the seed: the customer accepts a reseller request with DAP', () => {
    const state = spec
      .given([registered(), requested('r1', [ids.reseller], [ids.reseller])])
      .when((s) => decideAcceptRelationship(accept('r1'), s))
      .then(accepted('r1', [ids.reseller], [ids.reseller]));
    if (state.status !== 'registered') throw new Error('expected a registered customer');
    expect(hasActiveRelationship(state, ids.reseller)).toBe(true);
    expect(hasActiveDelegatedAdmin(state, ids.reseller)).toBe(true);
    expect(state.requests['r1']?.status).toBe('accepted');
  });

  it('the seed: accepting a combined invitation establishes the reseller and its provider, DAP for the reseller', () => {
    spec
      .given([registered(), requested('inv', [ids.reseller, ids.provider], [ids.reseller])])
      .when((s) => decideAcceptRelationship(accept('inv'), s))
      .then([
        {
          type: 'RelationshipAccepted',
          data: { customerId: ids.customer, requestId: 'inv', partners: [ids.reseller, ids.provider], delegatedAdminFor: [ids.reseller] },
        },
        { type: 'ResellerRelationshipEstablished', data: { customerId: ids.customer, partnerId: ids.reseller, requestId: 'inv' } },
        { type: 'ResellerRelationshipEstablished', data: { customerId: ids.customer, partnerId: ids.provider, requestId: 'inv' } },
        { type: 'DelegatedAdminPrivilegesGranted', data: { customerId: ids.customer, partnerId: ids.reseller, requestId: 'inv' } },
      ]);
  });

  it('skips the relationship of a partner that is already active (the provider already works with the customer)', () => {
    spec
      .given([registered(), ...withRelationship(ids.provider), requested('inv', [ids.reseller, ids.provider], [ids.reseller])])
      .when((s) => decideAcceptRelationship(accept('inv'), s))
      .then([
        {
          type: 'RelationshipAccepted',
          data: { customerId: ids.customer, requestId: 'inv', partners: [ids.reseller, ids.provider], delegatedAdminFor: [ids.reseller] },
        },
        { type: 'ResellerRelationshipEstablished', data: { customerId: ids.customer, partnerId: ids.reseller, requestId: 'inv' } },
        { type: 'DelegatedAdminPrivilegesGranted', data: { customerId: ids.customer, partnerId: ids.reseller, requestId: 'inv' } },
      ]);
  });

  it('a second open request for the same partner stays open; accepting it later skips what is already active', () => {
    const history = [registered(), requested('r1', [ids.reseller], [ids.reseller]), requested('r2', [ids.reseller], [ids.reseller])];
    const afterFirst = spec
      .given(history)
      .when((s) => decideAcceptRelationship(accept('r1'), s))
      .then(accepted('r1', [ids.reseller], [ids.reseller]));
    if (afterFirst.status !== 'registered') throw new Error('expected a registered customer');
    expect(afterFirst.requests['r2']?.status).toBe('open');

    spec
      .given([...history, ...accepted('r1', [ids.reseller], [ids.reseller])])
      .when((s) => decideAcceptRelationship(accept('r2'), s))
      .then([
        { type: 'RelationshipAccepted', data: { customerId: ids.customer, requestId: 'r2', partners: [ids.reseller], delegatedAdminFor: [ids.reseller] } },
      ]);
  });

  it('re-grants DAP a partner gave up when the customer accepts a newer request with DAP', () => {
    spec
      .given([registered(), ...withRelationship(ids.reseller, { dap: true }), revoked(ids.reseller, 'partner'), requested('r9', [ids.reseller], [ids.reseller])])
      .when((s) => decideAcceptRelationship(accept('r9'), s))
      .then([
        { type: 'RelationshipAccepted', data: { customerId: ids.customer, requestId: 'r9', partners: [ids.reseller], delegatedAdminFor: [ids.reseller] } },
        { type: 'DelegatedAdminPrivilegesGranted', data: { customerId: ids.customer, partnerId: ids.reseller, requestId: 'r9' } },
      ]);
  });

  it('re-establishes a removed relationship without granting DAP again when it was retained', () => {
    spec
      .given([registered(), ...withRelationship(ids.reseller, { dap: true }), removed(ids.reseller), requested('r9', [ids.reseller], [ids.reseller])])
      .when((s) => decideAcceptRelationship(accept('r9'), s))
      .then([
        { type: 'RelationshipAccepted', data: { customerId: ids.customer, requestId: 'r9', partners: [ids.reseller], delegatedAdminFor: [ids.reseller] } },
        { type: 'ResellerRelationshipEstablished', data: { customerId: ids.customer, partnerId: ids.reseller, requestId: 'r9' } },
      ]);
  });

  it('multi-partner: accepting one partner emits nothing about the customer\'s other partners', () => {
    const events = spec
      .given([registered(), ...withRelationship(ids.direct, { dap: true }), requested('r1', [ids.reseller], [ids.reseller])])
      .when((s) => decideAcceptRelationship(accept('r1'), s))
      .events();
    for (const event of events) {
      if ('partnerId' in event.data) expect(event.data.partnerId).toBe(ids.reseller);
    }
    expect(events.map((e) => e.type)).toEqual(['RelationshipAccepted', 'ResellerRelationshipEstablished', 'DelegatedAdminPrivilegesGranted']);
  });

  describe('refusals, in the order of domain §4', () => {
    it('403 for a partner actor, even one named in the request', () => {
      spec
        .given([registered(), requested('r1', [ids.reseller])])
        .when((s) => decideAcceptRelationship(accept('r1', partnerUser(ids.reseller)), s))
        .thenFails('forbidden', 'forbidden');
    });

    it("403 for another customer's admin", () => {
      spec
        .given([registered(), requested('r1', [ids.reseller])])
        .when((s) => decideAcceptRelationship(accept('r1', customerAdmin(ids.otherCustomer)), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('404 customer-not-found for an unknown customer', () => {
      spec.given([]).when((s) => decideAcceptRelationship(accept('r1'), s)).thenFails('customer-not-found', 'not-found');
    });

    it('404 request-not-found for an unknown request', () => {
      spec
        .given([registered()])
        .when((s) => decideAcceptRelationship(accept('nope'), s))
        .thenFails('request-not-found', 'not-found');
    });

    it('unknown request (404) comes before the role (403)', () => {
      spec
        .given([registered()])
        .when((s) => decideAcceptRelationship(accept('nope', customerUser()), s))
        .thenFails('request-not-found', 'not-found');
    });

    it('403 for a customer user who is not global admin', () => {
      spec
        .given([registered(), requested('r1', [ids.reseller])])
        .when((s) => decideAcceptRelationship(accept('r1', customerUser()), s))
        .thenFails('forbidden', 'forbidden');
    });

    it('409 request-not-found for a request already accepted', () => {
      spec
        .given([registered(), requested('r1', [ids.reseller]), ...accepted('r1', [ids.reseller])])
        .when((s) => decideAcceptRelationship(accept('r1'), s))
        .thenFails('request-not-found', 'conflict');
    });

    it('409 request-not-found for a request already declined', () => {
      spec
        .given([
          registered(),
          requested('r1', [ids.reseller]),
          { type: 'RelationshipDeclined', data: { customerId: ids.customer, requestId: 'r1', partners: [ids.reseller] } },
        ])
        .when((s) => decideAcceptRelationship(accept('r1'), s))
        .thenFails('request-not-found', 'conflict');
    });
  });
});
