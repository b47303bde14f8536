import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { RemoveCustomerRelationship } from '../customer/customer.commands';
import type { CustomerEvent, RemovalAttestation, RemovalLegalNotice } from '../customer/customer.events';
import { evolveCustomer } from '../customer/customer.evolve';
import { hasActiveDelegatedAdmin, hasActiveRelationship, isRetainedDelegatedAdmin } from '../customer/customer.rules';
import { type CustomerState, initialCustomerState } from '../customer/customer.state';
import {
  contextFor,
  customerAdmin,
  goodFaith,
  ids,
  noPartner,
  partnerState,
  partnerUser,
  partners,
  registered,
  removed,
  users,
  withRelationship,
} from '../testing/customer-fixtures';
import { decideRemoveCustomerRelationship } from './remove-customer-relationship.decide';

const spec = deciderSpec<CustomerState, CustomerEvent>({ initialState: initialCustomerState, evolve: evolveCustomer });

const remove = (
  options: {
    partnerId?: string;
    actor?: ReturnType<typeof partnerUser>;
    attestation?: RemovalAttestation;
    legalNotice?: RemovalLegalNotice;
  } = {},
): RemoveCustomerRelationship => {
  const partnerId = options.partnerId ?? ids.reseller;
  return {
    type: 'RemoveCustomerRelationship',
    data: {
      customerId: ids.customer,
      partnerId,
      attestation: options.attestation ?? goodFaith,
      legalNotice: options.legalNotice ?? { required: false },
    },
    context: contextFor(options.actor ?? partnerUser(partnerId, users.adminAgent)),
  };
};

const withDap = [registered(), ...withRelationship(ids.reseller, { dap: true })];

describe('RemoveCustomerRelationship', () => {
  it('the seed: the reseller removes its relationship; its DAP grant is retained, unchanged', () => {
    const state = spec
      .given(withDap)
      .when((s) => decideRemoveCustomerRelationship(remove(), s, { partner: partners[ids.reseller]! }))
      .then([removed(ids.reseller)]);
    if (state.status !== 'registered') throw new Error('expected a registered customer');
    expect(hasActiveRelationship(state, ids.reseller)).toBe(false);
    expect(hasActiveDelegatedAdmin(state, ids.reseller)).toBe(true);
    expect(isRetainedDelegatedAdmin(state, ids.reseller)).toBe(true);
  });

  it('records the attestation and the legal-notice facts as given; generates no notice', () => {
    const legalNotice = { required: true, providedAt: '2025-02-20T09:00:00.000Z' };
    spec
      .given(withDap)
      .when((s) => decideRemoveCustomerRelationship(remove({ legalNotice }), s, { partner: partners[ids.reseller]! }))
      .then([
        {
          type: 'CustomerRelationshipRemoved',
          data: { customerId: ids.customer, partnerId: ids.reseller, attestation: goodFaith, legalNotice },
        },
      ]);
  });

  it('multi-partner: removing one partner emits nothing for the other partners', () => {
    const events = spec
      .given([registered(), ...withRelationship(ids.reseller, { dap: true }), ...withRelationship(ids.direct, { dap: true })])
      .when((s) => decideRemoveCustomerRelationship(remove(), s, { partner: partners[ids.reseller]! }))
      .events();
    expect(events).toEqual([removed(ids.reseller)]);
  });

  describe('refusals, in the order of domain §4', () => {
    it('403 for a user of another partner, and for the customer', () => {
      for (const actor of [partnerUser(ids.direct), customerAdmin()]) {
        spec
          .given(withDap)
          .when((s) => decideRemoveCustomerRelationship(remove({ actor }), s, { partner: partners[ids.reseller]! }))
          .thenFails('forbidden', 'forbidden');
      }
    });

    it('404 partner-not-found', () => {
      spec
        .given(withDap)
        .when((s) => decideRemoveCustomerRelationship(remove(), s, { partner: noPartner }))
        .thenFails('partner-not-found', 'not-found');
    });

    it('404 customer-not-found', () => {
      spec
        .given([])
        .when((s) => decideRemoveCustomerRelationship(remove(), s, { partner: partners[ids.reseller]! }))
        .thenFails('customer-not-found', 'not-found');
    });

    it('403 for a sales agent: only admins remove relationships', () => {
      spec
        .given(withDap)
        .when((s) =>
          decideRemoveCustomerRelationship(remove({ actor: partnerUser(ids.reseller, users.salesAgent) }), s, {
            partner: partners[ids.reseller]!,
          }),
        )
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-approved', () => {
      spec
        .given(withDap)
        .when((s) =>
          decideRemoveCustomerRelationship(remove(), s, { partner: partnerState(ids.reseller, 'indirect-reseller', { status: 'rejected' }) }),
        )
        .thenFails('partner-not-approved');
    });

    it('relationship-not-found when there never was one', () => {
      spec
        .given([registered()])
        .when((s) => decideRemoveCustomerRelationship(remove(), s, { partner: partners[ids.reseller]! }))
        .thenFails('relationship-not-found', 'conflict');
    });

    it('relationship-not-found when it was already removed', () => {
      spec
        .given([...withDap, removed(ids.reseller)])
        .when((s) => decideRemoveCustomerRelationship(remove(), s, { partner: partners[ids.reseller]! }))
        .thenFails('relationship-not-found', 'conflict');
    });

    it('attestation-required (422) unless good faith is exactly true', () => {
      for (const attestation of [
        { goodFaith: false, legitimateBusinessPurpose: 'x' },
        { goodFaith: 'yes' as unknown as boolean, legitimateBusinessPurpose: 'x' },
        { goodFaith: true, legitimateBusinessPurpose: '   ' },
      ]) {
        spec
          .given(withDap)
          .when((s) => decideRemoveCustomerRelationship(remove({ attestation }), s, { partner: partners[ids.reseller]! }))
          .thenFails('attestation-required', 'unprocessable');
      }
    });

    it('relationship-not-found comes before attestation-required', () => {
      spec
        .given([registered()])
        .when((s) =>
          decideRemoveCustomerRelationship(remove({ attestation: { goodFaith: false, legitimateBusinessPurpose: '' } }), s, {
            partner: partners[ids.reseller]!,
          }),
        )
        .thenFails('relationship-not-found');
    });
  });
});
