import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { InviteCustomerWithIndirectProvider } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { evolveCustomer } from '../customer/customer.evolve';
import { type CustomerState, initialCustomerState } from '../customer/customer.state';
import {
  contextFor,
  ids,
  noPartner,
  partnerState,
  partnerUser,
  partners,
  registered,
  requested,
  users,
  withRelationship,
} from '../testing/customer-fixtures';
import {
  decideInviteCustomerWithIndirectProvider,
  type InviteCustomerWithIndirectProviderInputs,
} from './invite-customer-with-indirect-provider.decide';

const spec = deciderSpec<CustomerState, CustomerEvent>({ initialState: initialCustomerState, evolve: evolveCustomer });

const invite = (
  options: { actor?: ReturnType<typeof partnerUser>; includeDelegatedAdmin?: boolean; commandId?: string; providerId?: string } = {},
): InviteCustomerWithIndirectProvider => ({
  type: 'InviteCustomerWithIndirectProvider',
  data: {
    customerId: ids.customer,
    resellerId: ids.reseller,
    providerId: options.providerId ?? ids.provider,
    includeDelegatedAdmin: options.includeDelegatedAdmin ?? true,
  },
  context: contextFor(options.actor ?? partnerUser(ids.reseller, users.salesAgent), options.commandId ? { commandId: options.commandId } : {}),
});

const inputs = (overrides: Partial<InviteCustomerWithIndirectProviderInputs> = {}): InviteCustomerWithIndirectProviderInputs => ({
  reseller: partners[ids.reseller]!,
  provider: partners[ids.provider]!,
  partnershipActive: true,
  ...overrides,
});

describe('InviteCustomerWithIndirectProvider', () => {
  it('the seed: a reseller invites a customer together with its provider; DAP only for the reseller', () => {
    spec
      .given([registered()])
      .when((s) => decideInviteCustomerWithIndirectProvider(invite({ commandId: 'inv-1' }), s, inputs()))
      .then([
        {
          type: 'RelationshipRequested',
          data: {
            customerId: ids.customer,
            requestId: 'inv-1',
            partners: [ids.reseller, ids.provider],
            delegatedAdminFor: [ids.reseller],
            indirectProviderId: ids.provider,
          },
        },
      ]);
  });

  it('without DAP nobody gets admin access', () => {
    spec
      .given([registered()])
      .when((s) => decideInviteCustomerWithIndirectProvider(invite({ commandId: 'inv-2', includeDelegatedAdmin: false }), s, inputs()))
      .then([requested('inv-2', [ids.reseller, ids.provider], [])]);
  });

  it('the provider already having a relationship does not block the invitation', () => {
    spec
      .given([registered(), ...withRelationship(ids.provider)])
      .when((s) => decideInviteCustomerWithIndirectProvider(invite({ commandId: 'inv-3' }), s, inputs()))
      .then([requested('inv-3', [ids.reseller, ids.provider], [ids.reseller])]);
  });

  describe('refusals, in the order of domain §4', () => {
    it('403 for a user of the provider (only the reseller invites)', () => {
      spec
        .given([registered()])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite({ actor: partnerUser(ids.provider) }), s, inputs()))
        .thenFails('forbidden');
    });

    it('404 partner-not-found for an unknown reseller', () => {
      spec
        .given([registered()])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs({ reseller: noPartner })))
        .thenFails('partner-not-found', 'not-found');
    });

    it('404 partner-not-found for an unknown provider', () => {
      spec
        .given([registered()])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs({ provider: noPartner, partnershipActive: false })))
        .thenFails('partner-not-found', 'not-found');
    });

    it('404 customer-not-found for an unknown customer', () => {
      spec.given([]).when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs())).thenFails('customer-not-found', 'not-found');
    });

    it('403 for a reseller user without a seller role', () => {
      spec
        .given([registered()])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite({ actor: partnerUser(ids.reseller, users.helpdesk) }), s, inputs()))
        .thenFails('forbidden', 'forbidden');
    });

    it('partner-not-approved for a reseller still pending', () => {
      spec
        .given([registered()])
        .when((s) =>
          decideInviteCustomerWithIndirectProvider(
            invite(),
            s,
            inputs({ reseller: partnerState(ids.reseller, 'indirect-reseller', { status: 'pending' }) }),
          ),
        )
        .thenFails('partner-not-approved', 'conflict');
    });

    it('no-active-partnership when the partnership is not active (never authorized, or ended)', () => {
      spec
        .given([registered()])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs({ partnershipActive: false })))
        .thenFails('no-active-partnership', 'conflict');
    });

    it('no-active-partnership when the inviter is not an indirect reseller', () => {
      const directAsReseller = partnerState(ids.reseller, 'direct-provider');
      spec
        .given([registered()])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs({ reseller: directAsReseller })))
        .thenFails('no-active-partnership');
    });

    it('no-active-partnership when the named provider is not an indirect provider', () => {
      spec
        .given([registered()])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite({ providerId: ids.direct }), s, inputs({ provider: partners[ids.direct]! })))
        .thenFails('no-active-partnership');
    });

    it('cross-cloud when the customer lives in another cloud', () => {
      spec
        .given([registered(ids.customer, 'us-government')])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs()))
        .thenFails('cross-cloud', 'conflict');
    });

    it('relationship-exists when the reseller already has an active relationship', () => {
      spec
        .given([registered(), ...withRelationship(ids.reseller)])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs()))
        .thenFails('relationship-exists', 'conflict');
    });

    it('no-active-partnership comes before cross-cloud, which comes before relationship-exists', () => {
      spec
        .given([registered(ids.customer, 'germany'), ...withRelationship(ids.reseller)])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs({ partnershipActive: false })))
        .thenFails('no-active-partnership');
      spec
        .given([registered(ids.customer, 'germany'), ...withRelationship(ids.reseller)])
        .when((s) => decideInviteCustomerWithIndirectProvider(invite(), s, inputs()))
        .thenFails('cross-cloud');
    });
  });
});
