import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { DeclineRelationship } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { evolveCustomer } from '../customer/customer.evolve';
import { type CustomerState, initialCustomerState } from '../customer/customer.state';
import { accepted, contextFor, customerAdmin, customerUser, ids, partnerUser, registered, requested } from '../testing/customer-fixtures';
import { decideDeclineRelationship } from './decline-relationship.decide';

const spec = deciderSpec<CustomerState, CustomerEvent>({ initialState: initialCustomerState, evolve: evolveCustomer });

const decline = (requestId: string, actor = customerAdmin()): DeclineRelationship => ({
  type: 'DeclineRelationship',
  data: { customerId: ids.customer, requestId },
  context: contextFor(actor),
});

const declinedEvent = (requestId: string, partners: string[]): CustomerEvent => ({
  type: 'RelationshipDeclined',
  data: { customerId: ids.customer, requestId, partners },
});

describe('DeclineRelationship', () => {
  it('the customer declines an open request; nothing is established or granted', () => {
    const state = spec
      .given([registered(), requested('r1', [ids.reseller, ids.provider], [ids.reseller])])
      .when((s) => decideDeclineRelationship(decline('r1'), s))
      .then([declinedEvent('r1', [ids.reseller, ids.provider])]);
    if (state.status !== 'registered') throw new Error('expected a registered customer');
    expect(state.requests['r1']?.status).toBe('declined');
    expect(state.relationships).toEqual({});
    expect(state.dapGrants).toEqual({});
  });

  it('403 for a partner actor', () => {
    spec
      .given([registered(), requested('r1', [ids.reseller])])
      .when((s) => decideDeclineRelationship(decline('r1', partnerUser(ids.reseller)), s))
      .thenFails('forbidden', 'forbidden');
  });

  it('404 customer-not-found', () => {
    spec.given([]).when((s) => decideDeclineRelationship(decline('r1'), s)).thenFails('customer-not-found', 'not-found');
  });

  it('404 request-not-found for an unknown request', () => {
    spec.given([registered()]).when((s) => decideDeclineRelationship(decline('r1'), s)).thenFails('request-not-found', 'not-found');
  });

  it('403 for a customer user who is not global admin', () => {
    spec
      .given([registered(), requested('r1', [ids.reseller])])
      .when((s) => decideDeclineRelationship(decline('r1', customerUser()), s))
      .thenFails('forbidden');
  });

  it('409 request-not-found for an accepted or a declined request', () => {
    spec
      .given([registered(), requested('r1', [ids.reseller]), ...accepted('r1', [ids.reseller])])
      .when((s) => decideDeclineRelationship(decline('r1'), s))
      .thenFails('request-not-found', 'conflict');
    spec
      .given([registered(), requested('r1', [ids.reseller]), declinedEvent('r1', [ids.reseller])])
      .when((s) => decideDeclineRelationship(decline('r1'), s))
      .thenFails('request-not-found', 'conflict');
  });
});
