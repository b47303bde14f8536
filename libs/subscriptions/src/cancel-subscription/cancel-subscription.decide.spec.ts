import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { Actor } from '@ledger/kernel';
import type { PartnerState } from '@ledger/partners';
import type { CancelSubscription } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { evolveSubscription } from '../subscription/subscription.evolve';
import { initialSubscriptionState, type SubscriptionState } from '../subscription/subscription.state';
import {
  cancelledEvent,
  contextFor,
  customerAdmin,
  customerUser,
  ids,
  noPartner,
  partnerState,
  partnerUser,
  partners,
  programActor,
  recordedEvent,
  subscriptionId,
  users,
} from '../testing/subscription-fixtures';
import { decideCancelSubscription } from './cancel-subscription.decide';

const spec = deciderSpec<SubscriptionState, SubscriptionEvent>({ initialState: initialSubscriptionState, evolve: evolveSubscription });

const cancel = (actor: Actor = customerAdmin()): CancelSubscription => ({
  type: 'CancelSubscription',
  data: { subscriptionId },
  context: contextFor(actor),
});
const facts = (partnerOfRecord: PartnerState = partners[ids.reseller]!) => ({ partnerOfRecord });

describe('CancelSubscription', () => {
  it("the customer's global admin cancels", () => {
    const state = spec.given([recordedEvent()]).when((s) => decideCancelSubscription(cancel(), s, facts())).then([cancelledEvent('customer')]);
    expect(state.status).toBe('cancelled');
  });

  it('a seller of the partner of record cancels', () => {
    spec
      .given([recordedEvent()])
      .when((s) => decideCancelSubscription(cancel(partnerUser(ids.reseller, users.salesAgent)), s, facts()))
      .then([cancelledEvent('partner')]);
  });

  it('the customer cancels a subscription bought elsewhere (no partner of record)', () => {
    spec
      .given([recordedEvent({ channel: 'open' })])
      .when((s) => decideCancelSubscription(cancel(), s, facts(noPartner)))
      .then([cancelledEvent('customer', null)]);
  });

  describe('refusals, in the order of domain §4', () => {
    it('403 for the program, another partner, a partner that only manages it, another customer', () => {
      const managed = [recordedEvent(), { type: 'SubscriptionManagementDelegated', data: { subscriptionId, customerId: ids.customer, partnerId: ids.direct } } as SubscriptionEvent];
      for (const actor of [programActor, partnerUser(ids.secondReseller), partnerUser(ids.direct), customerAdmin(ids.otherCustomer)]) {
        spec.given(managed).when((s) => decideCancelSubscription(cancel(actor), s, facts())).thenFails('forbidden', 'forbidden');
      }
    });

    it('403 for a partner when the subscription has no partner of record', () => {
      spec.given([recordedEvent({ channel: 'ea' })]).when((s) => decideCancelSubscription(cancel(partnerUser(ids.reseller)), s, facts())).thenFails('forbidden');
    });

    it('404 subscription-not-found', () => {
      spec.given([]).when((s) => decideCancelSubscription(cancel(), s, facts())).thenFails('subscription-not-found', 'not-found');
      spec.given([]).when((s) => decideCancelSubscription(cancel(partnerUser(ids.reseller)), s, facts())).thenFails('subscription-not-found', 'not-found');
    });

    it('403 for a customer user or a partner helpdesk agent', () => {
      spec.given([recordedEvent()]).when((s) => decideCancelSubscription(cancel(customerUser()), s, facts())).thenFails('forbidden');
      spec.given([recordedEvent()]).when((s) => decideCancelSubscription(cancel(partnerUser(ids.reseller, users.helpdesk)), s, facts())).thenFails('forbidden');
    });

    it('partner-not-approved for a partner of record no longer approved', () => {
      spec
        .given([recordedEvent()])
        .when((s) => decideCancelSubscription(cancel(partnerUser(ids.reseller)), s, facts(partnerState(ids.reseller, 'indirect-reseller', { status: 'rejected' }))))
        .thenFails('partner-not-approved');
    });

    it('subscription-not-active for a cancelled subscription', () => {
      spec.given([recordedEvent(), cancelledEvent()]).when((s) => decideCancelSubscription(cancel(), s, facts())).thenFails('subscription-not-active', 'conflict');
    });
  });
});
