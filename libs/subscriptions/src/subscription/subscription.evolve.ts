import type { SubscriptionEvent } from './subscription.events';
import type { SubscriptionState } from './subscription.state';

/** Folds one subscription event into the state. Never throws; an out-of-place event changes nothing. */
export function evolveSubscription(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  switch (event.type) {
    case 'SubscriptionRecorded': {
      if (state.status !== 'none') return state;
      const { subscriptionId, customerId, offer, billing, channel, partnerOfRecord, termEndsAt } = event.data;
      return {
        status: 'active',
        subscriptionId,
        customerId,
        offer,
        billing,
        channel,
        partnerOfRecord: partnerOfRecord ?? null,
        managedBy: null,
        termEndsAt: termEndsAt ?? null,
      };
    }
    case 'SubscriptionManagementDelegated':
      return state.status === 'active' ? { ...state, managedBy: event.data.partnerId } : state;
    case 'SubscriptionPartnerSwitched':
      return state.status === 'active' ? { ...state, partnerOfRecord: event.data.toPartnerId } : state;
    case 'SubscriptionCancelled':
      return state.status === 'active' ? { ...state, status: 'cancelled' } : state;
    default: {
      const unexpected: never = event;
      void unexpected;
      return state;
    }
  }
}
