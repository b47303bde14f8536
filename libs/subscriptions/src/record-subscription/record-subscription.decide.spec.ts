import { deciderSpec } from '../../../kernel/src/testing/decider-spec.test-support';
import type { Actor, Billing, Channel } from '@ledger/kernel';
import type { CustomerState } from '@ledger/customers';
import type { PartnerState } from '@ledger/partners';
import type { RecordSubscription } from '../subscription/subscription.commands';
import type { SubscriptionEvent } from '../subscription/subscription.events';
import { evolveSubscription } from '../subscription/subscription.evolve';
import { initialSubscriptionState, type SubscriptionState } from '../subscription/subscription.state';
import {
  auditorActor,
  contextFor,
  customer,
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
import { decideRecordSubscription } from './record-subscription.decide';

const spec = deciderSpec<SubscriptionState, SubscriptionEvent>({ initialState: initialSubscriptionState, evolve: evolveSubscription });

const record = (
  options: { channel?: Channel; billing?: Billing; partnerOfRecord?: string | null; termEndsAt?: string; actor?: Actor; offer?: string } = {},
): RecordSubscription => {
  const channel = options.channel ?? 'csp';
  const partnerOfRecord = options.partnerOfRecord === undefined ? (channel === 'csp' ? ids.reseller : undefined) : (options.partnerOfRecord ?? undefined);
  return {
    type: 'RecordSubscription',
    data: {
      subscriptionId,
      customerId: ids.customer,
      offer: options.offer ?? 'Office 365 E3',
      billing: options.billing ?? 'license',
      channel,
      ...(partnerOfRecord !== undefined ? { partnerOfRecord } : {}),
      ...(options.termEndsAt !== undefined ? { termEndsAt: options.termEndsAt } : {}),
    },
    context: contextFor(options.actor ?? (channel === 'csp' ? partnerUser(partnerOfRecord ?? ids.reseller, users.salesAgent) : customerAdmin())),
  };
};

const facts = (overrides: { customer?: CustomerState; partner?: PartnerState } = {}) => ({
  customer: overrides.customer ?? customer,
  partner: overrides.partner ?? partners[ids.reseller]!,
});

describe('RecordSubscription', () => {
  describe('multi-channel: the seed scenarios', () => {
    it('a seller of the partner of record records a csp license subscription', () => {
      const state = spec
        .given([])
        .when((s) => decideRecordSubscription(record({ termEndsAt: '2026-01-01T00:00:00.000Z' }), s, facts()))
        .then([recordedEvent({ termEndsAt: '2026-01-01T00:00:00.000Z' })]);
      expect(state).toMatchObject({ status: 'active', partnerOfRecord: ids.reseller, managedBy: null });
    });

    it.each(['direct', 'advisor', 'open', 'ea', 'third-party'] as const)(
      "the customer's global admin records a subscription bought through %s, with no partner of record",
      (channel) => {
        const state = spec
          .given([])
          .when((s) => decideRecordSubscription(record({ channel }), s, facts({ partner: noPartner })))
          .then([recordedEvent({ channel })]);
        expect(state).toMatchObject({ status: 'active', partnerOfRecord: null });
      },
    );

    it('the program records an EA Azure subscription', () => {
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ channel: 'ea', billing: 'usage', actor: programActor }), s, facts()))
        .then([recordedEvent({ channel: 'ea', billing: 'usage' })]);
    });

    it('Azure CSP coexists with other channels: a csp usage subscription for a customer with an EA one', () => {
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ billing: 'usage', partnerOfRecord: ids.direct }), s, facts({ partner: partners[ids.direct]! })))
        .then([recordedEvent({ billing: 'usage', partnerOfRecord: ids.direct })]);
    });
  });

  describe('refusals, in the order of domain §4', () => {
    it('csp: 403 for a customer, the program, or a user of another partner than the partner of record', () => {
      for (const actor of [customerAdmin(), programActor, partnerUser(ids.direct)]) {
        spec
          .given([])
          .when((s) => decideRecordSubscription(record({ actor }), s, facts()))
          .thenFails('forbidden', 'forbidden');
      }
    });

    it('other channels: 403 for a partner, an auditor, or another customer', () => {
      for (const actor of [partnerUser(ids.reseller), auditorActor, customerAdmin(ids.otherCustomer)]) {
        spec
          .given([])
          .when((s) => decideRecordSubscription(record({ channel: 'direct', actor }), s, facts()))
          .thenFails('forbidden', 'forbidden');
      }
    });

    it('csp: 404 partner-not-found for an unknown partner of record', () => {
      spec.given([]).when((s) => decideRecordSubscription(record(), s, facts({ partner: noPartner }))).thenFails('partner-not-found', 'not-found');
    });

    it('404 customer-not-found for an unknown customer, on every channel', () => {
      spec
        .given([])
        .when((s) => decideRecordSubscription(record(), s, facts({ customer: { status: 'none' } })))
        .thenFails('customer-not-found', 'not-found');
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ channel: 'open', actor: programActor }), s, facts({ customer: { status: 'none' } })))
        .thenFails('customer-not-found', 'not-found');
    });

    it('unknown customer (404) comes before the roles (403)', () => {
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ actor: partnerUser(ids.reseller, users.helpdesk) }), s, facts({ customer: { status: 'none' } })))
        .thenFails('customer-not-found');
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ channel: 'direct', actor: customerUser() }), s, facts({ customer: { status: 'none' } })))
        .thenFails('customer-not-found');
    });

    it('403 for a partner user without a seller role, and for a customer user who is not global admin', () => {
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ actor: partnerUser(ids.reseller, users.helpdesk) }), s, facts()))
        .thenFails('forbidden', 'forbidden');
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ channel: 'direct', actor: customerUser() }), s, facts()))
        .thenFails('forbidden', 'forbidden');
    });

    it('csp: partner-not-approved', () => {
      spec
        .given([])
        .when((s) => decideRecordSubscription(record(), s, facts({ partner: partnerState(ids.reseller, 'indirect-reseller', { status: 'pending' }) })))
        .thenFails('partner-not-approved', 'conflict');
    });

    it('already-recorded for a known subscription id', () => {
      spec
        .given([recordedEvent()])
        .when((s) => decideRecordSubscription(record(), s, facts()))
        .thenFails('already-recorded', 'conflict');
      spec
        .given([recordedEvent({ channel: 'ea' })])
        .when((s) => decideRecordSubscription(record({ channel: 'ea' }), s, facts()))
        .thenFails('already-recorded', 'conflict');
    });

    it('csp: no-active-relationship when the partner of record has none (never had, or removed)', () => {
      spec
        .given([])
        .when((s) =>
          decideRecordSubscription(record({ partnerOfRecord: ids.secondReseller }), s, facts({ partner: partners[ids.secondReseller]! })),
        )
        .thenFails('no-active-relationship', 'conflict');
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ partnerOfRecord: ids.provider }), s, facts({ partner: partners[ids.provider]! })))
        .thenFails('no-active-relationship', 'conflict');
    });

    it('csp: no-active-relationship when no partner of record is named', () => {
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ partnerOfRecord: null, actor: partnerUser(ids.reseller, users.salesAgent) }), s, facts()))
        .thenFails('no-active-relationship', 'conflict');
    });

    it('already-recorded comes before no-active-relationship', () => {
      spec
        .given([recordedEvent()])
        .when((s) =>
          decideRecordSubscription(record({ partnerOfRecord: ids.secondReseller }), s, facts({ partner: partners[ids.secondReseller]! })),
        )
        .thenFails('already-recorded');
    });

    it('other channels: a partner of record is refused (422 partner-of-record-not-allowed)', () => {
      spec
        .given([])
        .when((s) => decideRecordSubscription(record({ channel: 'advisor', partnerOfRecord: ids.reseller }), s, facts()))
        .thenFails('partner-of-record-not-allowed', 'unprocessable');
    });
  });
});
