import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { Actor } from '@ledger/kernel';
import type { RevokeDelegatedAdminPrivileges } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { evolveCustomer } from '../customer/customer.evolve';
import { hasActiveDelegatedAdmin, hasActiveRelationship } from '../customer/customer.rules';
import { type CustomerState, initialCustomerState } from '../customer/customer.state';
import {
  contextFor,
  customerAdmin,
  customerUser,
  ids,
  noPartner,
  partnerState,
  partnerUser,
  partners,
  programActor,
  registered,
  removed,
  revoked,
  users,
  withRelationship,
} from '../testing/customer-fixtures';
import { decideRevokeDelegatedAdminPrivileges } from './revoke-delegated-admin-privileges.decide';

const spec = deciderSpec<CustomerState, CustomerEvent>({ initialState: initialCustomerState, evolve: evolveCustomer });

const revoke = (actor: Actor = customerAdmin(), partnerId: string = ids.reseller): RevokeDelegatedAdminPrivileges => ({
  type: 'RevokeDelegatedAdminPrivileges',
  data: { customerId: ids.customer, partnerId },
  context: contextFor(actor),
});

const withDap = [registered(), ...withRelationship(ids.reseller, { dap: true })];
const resellerFacts = { partner: partners[ids.reseller]! };

describe('RevokeDelegatedAdminPrivileges', () => {
  it('the seed: the customer revokes a partner\'s DAP; the relationship stays', () => {
    const state = spec
      .given(withDap)
      .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(), s, resellerFacts))
      .then([revoked(ids.reseller, 'customer')]);
    if (state.status !== 'registered') throw new Error('expected a registered customer');
    expect(hasActiveDelegatedAdmin(state, ids.reseller)).toBe(false);
    expect(hasActiveRelationship(state, ids.reseller)).toBe(true);
  });

  it('the partner\'s admin gives the grant up (revokedBy partner)', () => {
    spec
      .given(withDap)
      .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(partnerUser(ids.reseller, users.adminAgent)), s, resellerFacts))
      .then([revoked(ids.reseller, 'partner')]);
  });

  it('the customer revokes a retained grant after the relationship was removed', () => {
    spec
      .given([...withDap, removed(ids.reseller)])
      .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(), s, resellerFacts))
      .then([revoked(ids.reseller, 'customer')]);
  });

  it("multi-partner: revoking one partner's DAP leaves the other partner's grant alone", () => {
    spec
      .given([...withDap, ...withRelationship(ids.direct, { dap: true })])
      .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(), s, resellerFacts))
      .then([revoked(ids.reseller, 'customer')]);
  });

  describe('refusals, in the order of domain §4', () => {
    it('403 for another customer, another partner, the program', () => {
      for (const actor of [customerAdmin(ids.otherCustomer), partnerUser(ids.direct), programActor]) {
        spec
          .given(withDap)
          .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(actor), s, resellerFacts))
          .thenFails('forbidden', 'forbidden');
      }
    });

    it('404 partner-not-found for an unknown partner, from the customer too', () => {
      spec
        .given(withDap)
        .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(), s, { partner: noPartner }))
        .thenFails('partner-not-found', 'not-found');
    });

    it('404 customer-not-found', () => {
      spec.given([]).when((s) => decideRevokeDelegatedAdminPrivileges(revoke(), s, resellerFacts)).thenFails('customer-not-found', 'not-found');
      spec
        .given([])
        .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(partnerUser(ids.reseller)), s, resellerFacts))
        .thenFails('customer-not-found', 'not-found');
    });

    it('403 for a customer user who is not global admin, and for a partner sales agent', () => {
      spec.given(withDap).when((s) => decideRevokeDelegatedAdminPrivileges(revoke(customerUser()), s, resellerFacts)).thenFails('forbidden');
      spec
        .given(withDap)
        .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(partnerUser(ids.reseller, users.salesAgent)), s, resellerFacts))
        .thenFails('forbidden');
    });

    it('partner-not-approved when the partner gives it up while not approved; the customer may still revoke', () => {
      const rejected = { partner: partnerState(ids.reseller, 'indirect-reseller', { status: 'rejected' }) };
      spec
        .given(withDap)
        .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(partnerUser(ids.reseller)), s, rejected))
        .thenFails('partner-not-approved');
      spec
        .given(withDap)
        .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(), s, rejected))
        .then([revoked(ids.reseller, 'customer')]);
    });

    it('grant-not-found when there never was a grant (relationship without DAP)', () => {
      spec
        .given([registered(), ...withRelationship(ids.reseller)])
        .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(), s, resellerFacts))
        .thenFails('grant-not-found', 'conflict');
    });

    it('grant-not-found when it was already revoked', () => {
      spec
        .given([...withDap, revoked(ids.reseller)])
        .when((s) => decideRevokeDelegatedAdminPrivileges(revoke(partnerUser(ids.reseller)), s, resellerFacts))
        .thenFails('grant-not-found', 'conflict');
    });
  });
});
