import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { Actor } from '@ledger/kernel';
import type { SwitchSubscriptionPartner } from '../subscription/subscription.commands';
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
import { decideSwitchSubscriptionPartner } from './switch-subscription-partner.decide';

const spec = deciderSpec<SubscriptionState, SubscriptionEvent>({ initialState: initialSubscriptionState, evolve: evolveSubscription });

const TERM_END = '2025-06-30T23:59:59.000Z';
const MID_TERM = '2025-03-01T10:00:00.000Z';

const switchTo = (toPartnerId: string = ids.direct, options: { now?: string; actor?: Actor } = {}): SwitchSubscriptionPartner => ({
  type: 'SwitchSubscriptionPartner',
  data: { subscriptionId, toPartnerId },
  context: contextFor(options.actor ?? customerAdmin(), { now: options.now ?? MID_TERM }),
});
const facts = (partnerId: string = ids.direct) => ({ customer, partner: partners[partnerId] ?? noPartner });

const switched = (toPartnerId: string = ids.direct, fromPartnerId: string = ids.reseller): SubscriptionEvent => ({
  type: 'SubscriptionPartnerSwitched',
  data: { subscriptionId, customerId: ids.customer, fromPartnerId, toPartnerId },
});

const license = recordedEvent({ billing: 'license', termEndsAt: TERM_END });
const azure = recordedEvent({ billing: 'usage', offer: 'Azure plan' });

describe('SwitchSubscriptionPartner', () => {
  it('multi-channel seed: an Azure (usage) subscription switches to another partner at any time', () => {
    const state = spec
      .given([azure])
      .when((s) => decideSwitchSubscriptionPartner(switchTo(), s, facts()))
      .then([switched()]);
    expect(state).toMatchObject({ status: 'active', partnerOfRecord: ids.direct, channel: 'csp' });
  });

  it('multi-channel seed: a license subscription cannot switch mid-term (license-term-not-ended)', () => {
    spec.given([license]).when((s) => decideSwitchSubscriptionPartner(switchTo(), s, facts())).thenFails('license-term-not-ended', 'conflict');
  });

  it('a license subscription switches once its term has ended (the end instant counts)', () => {
    spec.given([license]).when((s) => decideSwitchSubscriptionPartner(switchTo(ids.direct, { now: TERM_END }), s, facts())).then([switched()]);
    spec
      .given([license])
      .when((s) => decideSwitchSubscriptionPartner(switchTo(ids.direct, { now: '2025-07-15T00:00:00.000Z' }), s, facts()))
      .then([switched()]);
  });

  it('a license subscription without a recorded term end never switches (cancel instead)', () => {
    spec
      .given([recordedEvent({ billing: 'license' })])
      .when((s) => decideSwitchSubscriptionPartner(switchTo(ids.direct, { now: '2099-01-01T00:00:00.000Z' }), s, facts()))
      .thenFails('license-term-not-ended');
  });

  it('a subscription with no partner of record (bought elsewhere) gets one; no fromPartnerId', () => {
    spec
      .given([recordedEvent({ channel: 'third-party', billing: 'usage' })])
      .when((s) => decideSwitchSubscriptionPartner(switchTo(), s, facts()))
      .then([{ type: 'SubscriptionPartnerSwitched', data: { subscriptionId, customerId: ids.customer, toPartnerId: ids.direct } }]);
  });

  describe('refusals, in the order of domain §4', () => {
    it('403 for a partner actor (the switch is the customer\'s decision)', () => {
      spec.given([azure]).when((s) => decideSwitchSubscriptionPartner(switchTo(ids.direct, { actor: partnerUser(ids.direct) }), s, facts())).thenFails('forbidden');
    });

    it('404 subscription-not-found', () => {
      spec.given([]).when((s) => decideSwitchSubscriptionPartner(switchTo(), s, facts())).thenFails('subscription-not-found', 'not-found');
    });

    it('404 partner-not-found for an unknown target', () => {
      spec.given([azure]).when((s) => decideSwitchSubscriptionPartner(switchTo('nobody'), s, facts('nobody'))).thenFails('partner-not-found', 'not-found');
    });

    it('403 for a customer user who is not global admin, and for another customer', () => {
      spec.given([azure]).when((s) => decideSwitchSubscriptionPartner(switchTo(ids.direct, { actor: customerUser() }), s, facts())).thenFails('forbidden');
      spec
        .given([azure])
        .when((s) => decideSwitchSubscriptionPartner(switchTo(ids.direct, { actor: customerAdmin(ids.otherCustomer) }), s, facts()))
        .thenFails('forbidden');
    });

    it('subscription-not-active for a cancelled subscription', () => {
      spec.given([azure, cancelledEvent()]).when((s) => decideSwitchSubscriptionPartner(switchTo(), s, facts())).thenFails('subscription-not-active', 'conflict');
    });

    it('no-active-relationship for a target without an active relationship', () => {
      spec
        .given([azure])
        .when((s) => decideSwitchSubscriptionPartner(switchTo(ids.secondReseller), s, facts(ids.secondReseller)))
        .thenFails('no-active-relationship', 'conflict');
    });

    it('order: subscription-not-active, then license-term-not-ended, then no-active-relationship', () => {
      spec
        .given([license, cancelledEvent()])
        .when((s) => decideSwitchSubscriptionPartner(switchTo(ids.secondReseller), s, facts(ids.secondReseller)))
        .thenFails('subscription-not-active');
      spec
        .given([license])
        .when((s) => decideSwitchSubscriptionPartner(switchTo(ids.secondReseller), s, facts(ids.secondReseller)))
        .thenFails('license-term-not-ended');
    });
  });
});
