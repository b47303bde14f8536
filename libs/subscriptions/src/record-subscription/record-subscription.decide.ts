import { forbidden, SELLERS } from '@ledger/kernel';
import {
  assertActsForCustomer,
  assertCustomerGlobalAdmin,
  type CustomerState,
  customerNotFound,
  hasActiveRelationship,
  isRegistered,
} from '@ledger/customers/domain';
import { assertActsForPartner, type PartnerState, recordedUserWithRole, requireApprovedPartner, requireEnrolledPartner } from '@ledger/partners/domain';
import type { RecordSubscription } from '../subscription/subscription.commands';
import { alreadyRecorded, noActiveRelationship, partnerOfRecordNotAllowed } from '../subscription/subscription.errors';
import type { SubscriptionRecorded } from '../subscription/subscription.events';
import { channelHasPartnerOfRecord, isRecorded } from '../subscription/subscription.rules';
import type { SubscriptionState } from '../subscription/subscription.state';

export interface RecordSubscriptionInputs {
  /** The customer's state (`customer-{customerId}`): registered, and its active relationships. */
  readonly customer: CustomerState;
  /**
   * For channel `csp`: the state of the partner of record (`partner-{partnerOfRecord}`), or of the
   * acting partner when no partner of record is given. Ignored for other channels.
   */
  readonly partner: PartnerState;
}

/**
 * RecordSubscription (domain §4.4).
 * Who: channel `csp` — sellers of the partner of record; other channels — the `program` or the
 * customer's global admin.
 * Rules, in order: customer registered (404 `customer-not-found`); new id (`already-recorded`);
 * `csp` needs a partner of record with an active relationship (`no-active-relationship`, also
 * when none is named); other channels have no partner of record (422 `partner-of-record-not-allowed`).
 */
export function decideRecordSubscription(
  command: RecordSubscription,
  state: SubscriptionState,
  inputs: RecordSubscriptionInputs,
): [SubscriptionRecorded] {
  const { actor } = command.context;
  const { subscriptionId, customerId, offer, billing, channel, partnerOfRecord, termEndsAt } = command.data;

  if (channelHasPartnerOfRecord(channel)) {
    // Sellers of the partner of record. Without one named, the acting partner is checked as if it
    // were, and the missing partner of record is refused by the relationship rule below.
    if (actor.kind !== 'partner') throw forbidden('Only sellers of the partner of record may record a csp subscription.');
    const actingFor = partnerOfRecord ?? actor.tenantId;
    assertActsForPartner(actor, actingFor);
    const enrolled = requireEnrolledPartner(inputs.partner, actingFor);
    if (!isRegistered(inputs.customer)) throw customerNotFound(customerId);
    recordedUserWithRole(enrolled, actor.userId, SELLERS);
    requireApprovedPartner(enrolled);
  } else {
    if (actor.kind === 'customer') assertActsForCustomer(actor, customerId);
    else if (actor.kind !== 'program') {
      throw forbidden(`Only the program or the customer's global admin may record a ${channel} subscription.`);
    }
    if (!isRegistered(inputs.customer)) throw customerNotFound(customerId);
    if (actor.kind === 'customer') assertCustomerGlobalAdmin(actor);
  }

  if (isRecorded(state)) throw alreadyRecorded(subscriptionId);
  const customer = inputs.customer;
  if (channelHasPartnerOfRecord(channel)) {
    if (partnerOfRecord === undefined || !isRegistered(customer) || !hasActiveRelationship(customer, partnerOfRecord)) {
      throw noActiveRelationship(partnerOfRecord, customerId);
    }
  } else if (partnerOfRecord !== undefined) {
    throw partnerOfRecordNotAllowed(channel);
  }

  return [
    {
      type: 'SubscriptionRecorded',
      data: {
        subscriptionId,
        customerId,
        offer,
        billing,
        channel,
        ...(partnerOfRecord !== undefined ? { partnerOfRecord } : {}),
        ...(termEndsAt !== undefined ? { termEndsAt } : {}),
      },
    },
  ];
}
