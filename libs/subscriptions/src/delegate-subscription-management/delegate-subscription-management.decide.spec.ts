import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { Actor } from '@ledger/kernel';
import type { CustomerState } from '@ledger/customers';
import type { PartnerState } from '@ledger/partners';
import type { DelegateSubscriptionManagement } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { evolveSubscription } from '../subscription/subscription.evolve';
import { initialSubscriptionState, type SubscriptionState } from '../subscription/subscription.state';
import {
  cancelledEvent,
  contextFor,
  customer,
  customerAdmin,
  customerUser,
  ids,
  noPartner,
  partnerUser,
  partners,
  recordedEvent,
  subscriptionId,
} from '../testing/subscription-fixtures';
import { decideDelegateSubscriptionManagement } from './delegate-subscription-management.decide';

const spec = deciderSpec<SubscriptionState, SubscriptionEvent>({ initialState: initialSubscriptionState, evolve: evolveSubscription });

const delegate = (partnerId: string = ids.direct, actor: Actor = customerAdmin()): DelegateSubscriptionManagement => ({
  type: 'DelegateSubscriptionManagement',
  data: { subscriptionId, partnerId },
  context: contextFor(actor),
});
const facts = (partnerId: string = ids.direct, overrides: { customer?: CustomerState; partner?: PartnerState } = {}) => ({
  customer: overrides.customer ?? customer,
  partner: overrides.partner ?? partners[partnerId] ?? noPartner,
});

const boughtThroughEa = recordedEvent({ channel: 'ea', offer: 'Office 365 E5' });

describe('DelegateSubscriptionManagement', () => {
  it('multi-channel seed: the customer hires a partner to manage a subscription bought through EA', () => {
    const state = spec
      .given([boughtThroughEa])
      .when((s) => decideDelegateSubscriptionManagement(delegate(), s, facts()))
      .then([{ type: 'SubscriptionManagementDelegated', data: { subscriptionId, customerId: ids.customer, partnerId: ids.direct } }]);
    expect(state).toMatchObject({ status: 'active', managedBy: ids.direct, partnerOfRecord: null });
  });

  it('re-delegating names the previous manager; the partner of record is unchanged', () => {
    spec
      .given([recordedEvent(), { type: 'SubscriptionManagementDelegated', data: { subscriptionId, customerId: ids.customer, partnerId: ids.direct } }])
      .when((s) => decideDelegateSubscriptionManagement(delegate(ids.reseller), s, facts(ids.reseller)))
      .then([
        {
          type: 'SubscriptionManagementDelegated',
          data: { subscriptionId, customerId: ids.customer, partnerId: ids.reseller, previousManagerId: ids.direct, partnerOfRecord: ids.reseller },
        },
      ]);
  });

  describe('refusals, in the order of domain §4', () => {
    it('403 for a partner actor, even the one to be hired', () => {
      spec.given([boughtThroughEa]).when((s) => decideDelegateSubscriptionManagement(delegate(ids.direct, partnerUser(ids.direct)), s, facts())).thenFails('forbidden');
    });

    it('404 subscription-not-found', () => {
      spec.given([]).when((s) => decideDelegateSubscriptionManagement(delegate(), s, facts())).thenFails('subscription-not-found', 'not-found');
    });

    it("403 for another customer's admin", () => {
      spec
        .given([boughtThroughEa])
        .when((s) => decideDelegateSubscriptionManagement(delegate(ids.direct, customerAdmin(ids.otherCustomer)), s, facts()))
        .thenFails('forbidden', 'forbidden');
    });

    it('404 partner-not-found for an unknown partner', () => {
      spec
        .given([boughtThroughEa])
        .when((s) => decideDelegateSubscriptionManagement(delegate('unknown-partner'), s, facts('unknown-partner')))
        .thenFails('partner-not-found', 'not-found');
    });

    it('403 for a customer user who is not global admin', () => {
      spec.given([boughtThroughEa]).when((s) => decideDelegateSubscriptionManagement(delegate(ids.direct, customerUser()), s, facts())).thenFails('forbidden');
    });

    it('subscription-not-active for a cancelled subscription', () => {
      spec
        .given([boughtThroughEa, cancelledEvent('customer', null)])
        .when((s) => decideDelegateSubscriptionManagement(delegate(), s, facts()))
        .thenFails('subscription-not-active', 'conflict');
    });

    it('no-active-relationship when the partner has none with the customer (never, or removed)', () => {
      spec
        .given([boughtThroughEa])
        .when((s) => decideDelegateSubscriptionManagement(delegate(ids.secondReseller), s, facts(ids.secondReseller)))
        .thenFails('no-active-relationship', 'conflict');
      spec
        .given([boughtThroughEa])
        .when((s) => decideDelegateSubscriptionManagement(delegate(ids.provider), s, facts(ids.provider)))
        .thenFails('no-active-relationship', 'conflict');
    });

    it('subscription-not-active comes before no-active-relationship', () => {
      spec
        .given([boughtThroughEa, cancelledEvent('customer', null)])
        .when((s) => decideDelegateSubscriptionManagement(delegate(ids.secondReseller), s, facts(ids.secondReseller)))
        .thenFails('subscription-not-active');
    });
  });
});
