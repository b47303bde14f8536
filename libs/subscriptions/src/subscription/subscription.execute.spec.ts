import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { type Actor, streams } from '@ledger/kernel';
import {
  executeAcceptRelationship,
  executeRegisterCustomer,
  executeRemoveCustomerRelationship,
  executeRequestResellerRelationship,
  type RelationshipRequested,
} from '@ledger/customers';
import { executeCancelSubscription } from '../cancel-subscription/cancel-subscription.execute';
import { executeDelegateSubscriptionManagement } from '../delegate-subscription-management/delegate-subscription-management.execute';
import { executeRecordSubscription } from '../record-subscription/record-subscription.execute';
import { executeSwitchSubscriptionPartner } from '../switch-subscription-partner/switch-subscription-partner.execute';
import { contextFor, customerAdmin, goodFaith, ids, partnerUser, programActor, users } from '../testing/subscription-fixtures';
import { seedPartner } from '../../../customers/src/testing/store-fixtures';
import type { RecordSubscription } from './subscription.commands';

const licenseSub = 'c0c0c0c0-0000-4000-8000-00000000000a';
const azureSub = 'c0c0c0c0-0000-4000-8000-00000000000b';
const eaSub = 'c0c0c0c0-0000-4000-8000-00000000000c';

describe('subscription execute functions over the SQLite store: multi-channel', () => {
  let store: EventStore;
  const ctx = (actor: Actor, now = '2025-03-01T10:00:00.000Z') => contextFor(actor, { commandId: `c-${Math.random()}`, now });

  const establish = async (partnerId: string) => {
    const requested = await executeRequestResellerRelationship(store, {
      type: 'RequestResellerRelationship',
      data: { customerId: ids.customer, partnerId, includeDelegatedAdmin: true },
      context: ctx(partnerUser(partnerId, users.salesAgent)),
    });
    const requestId = (requested.events[0] as RelationshipRequested).data.requestId;
    await executeAcceptRelationship(store, { type: 'AcceptRelationship', data: { customerId: ids.customer, requestId }, context: ctx(customerAdmin()) });
  };
  const record = (data: Omit<RecordSubscription['data'], 'customerId'>, actor: Actor) =>
    executeRecordSubscription(store, { type: 'RecordSubscription', data: { customerId: ids.customer, ...data }, context: ctx(actor) });
  const subscription = async (subscriptionId: string) => (await store.readStream(streams.subscription(subscriptionId))).map((e) => e.type);

  beforeEach(async () => {
    store = createSqliteEventStore({ path: ':memory:' });
    await seedPartner(store, ids.reseller, 'indirect-reseller');
    await seedPartner(store, ids.direct, 'direct-provider');
    await executeRegisterCustomer(store, {
      type: 'RegisterCustomer',
      data: { customerId: ids.customer, companyName: 'Contoso', domain: 'contoso.example', country: 'US', cloud: 'global' },
      context: ctx(customerAdmin()),
    });
    await establish(ids.reseller);
    await establish(ids.direct);
  });
  afterEach(() => store.close());

  it('csp license and Azure subscriptions, an EA subscription managed by a partner; license switch refused mid-term, Azure switch allowed', async () => {
    const seller = partnerUser(ids.reseller, users.salesAgent);
    await record({ subscriptionId: licenseSub, offer: 'Office 365 E3', billing: 'license', channel: 'csp', partnerOfRecord: ids.reseller, termEndsAt: '2025-12-31T23:59:59.000Z' }, seller);
    await record({ subscriptionId: azureSub, offer: 'Azure plan', billing: 'usage', channel: 'csp', partnerOfRecord: ids.reseller }, seller);
    await record({ subscriptionId: eaSub, offer: 'Office 365 E5', billing: 'license', channel: 'ea' }, programActor);

    await executeDelegateSubscriptionManagement(store, {
      type: 'DelegateSubscriptionManagement',
      data: { subscriptionId: eaSub, partnerId: ids.direct },
      context: ctx(customerAdmin()),
    });
    await expect(
      executeSwitchSubscriptionPartner(store, { type: 'SwitchSubscriptionPartner', data: { subscriptionId: licenseSub, toPartnerId: ids.direct }, context: ctx(customerAdmin()) }),
    ).rejects.toMatchObject({ code: 'license-term-not-ended' });
    const switched = await executeSwitchSubscriptionPartner(store, {
      type: 'SwitchSubscriptionPartner',
      data: { subscriptionId: azureSub, toPartnerId: ids.direct },
      context: ctx(customerAdmin()),
    });
    expect(switched.events).toEqual([
      { type: 'SubscriptionPartnerSwitched', data: { subscriptionId: azureSub, customerId: ids.customer, fromPartnerId: ids.reseller, toPartnerId: ids.direct } },
    ]);
    const afterTerm = await executeSwitchSubscriptionPartner(store, {
      type: 'SwitchSubscriptionPartner',
      data: { subscriptionId: licenseSub, toPartnerId: ids.direct },
      context: ctx(customerAdmin(), '2026-01-02T00:00:00.000Z'),
    });
    expect(afterTerm.events.map((e) => e.type)).toEqual(['SubscriptionPartnerSwitched']);

    expect(await subscription(licenseSub)).toEqual(['SubscriptionRecorded', 'SubscriptionPartnerSwitched']);
    expect(await subscription(azureSub)).toEqual(['SubscriptionRecorded', 'SubscriptionPartnerSwitched']);
    expect(await subscription(eaSub)).toEqual(['SubscriptionRecorded', 'SubscriptionManagementDelegated']);
  });

  it('multi-partner: removing a relationship changes no subscription; the relationship rule sees the removal at once', async () => {
    await record({ subscriptionId: azureSub, offer: 'Azure plan', billing: 'usage', channel: 'csp', partnerOfRecord: ids.reseller }, partnerUser(ids.reseller));
    await executeRemoveCustomerRelationship(store, {
      type: 'RemoveCustomerRelationship',
      data: { customerId: ids.customer, partnerId: ids.reseller, attestation: goodFaith, legalNotice: { required: false } },
      context: ctx(partnerUser(ids.reseller, users.adminAgent)),
    });
    expect(await subscription(azureSub)).toEqual(['SubscriptionRecorded']);
    await expect(
      record({ subscriptionId: licenseSub, offer: 'Office 365 E3', billing: 'license', channel: 'csp', partnerOfRecord: ids.reseller }, partnerUser(ids.reseller)),
    ).rejects.toMatchObject({ code: 'no-active-relationship' });
    expect(await subscription(licenseSub)).toEqual([]);
  });

  it('cancellation by a seller of the partner of record, then subscription-not-active', async () => {
    await record({ subscriptionId: azureSub, offer: 'Azure plan', billing: 'usage', channel: 'csp', partnerOfRecord: ids.reseller }, partnerUser(ids.reseller));
    const cancelled = await executeCancelSubscription(store, {
      type: 'CancelSubscription',
      data: { subscriptionId: azureSub },
      context: ctx(partnerUser(ids.reseller, users.salesAgent)),
    });
    expect(cancelled.events).toEqual([
      { type: 'SubscriptionCancelled', data: { subscriptionId: azureSub, customerId: ids.customer, partnerOfRecord: ids.reseller, cancelledBy: 'partner' } },
    ]);
    await expect(
      executeCancelSubscription(store, { type: 'CancelSubscription', data: { subscriptionId: azureSub }, context: ctx(customerAdmin()) }),
    ).rejects.toMatchObject({ code: 'subscription-not-active' });
  });

  it('unknown ids: customer-not-found and subscription-not-found', async () => {
    await expect(
      executeRecordSubscription(store, {
        type: 'RecordSubscription',
        data: { subscriptionId: eaSub, customerId: ids.otherCustomer, offer: 'x', billing: 'usage', channel: 'direct' },
        context: ctx(programActor),
      }),
    ).rejects.toMatchObject({ code: 'customer-not-found', kind: 'not-found' });
    await expect(
      executeCancelSubscription(store, { type: 'CancelSubscription', data: { subscriptionId: eaSub }, context: ctx(customerAdmin()) }),
    ).rejects.toMatchObject({ code: 'subscription-not-found', kind: 'not-found' });
  });
});
