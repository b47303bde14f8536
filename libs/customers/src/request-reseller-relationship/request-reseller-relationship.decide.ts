import { SELLERS } from '@ledger/kernel';
import type { PartnerState } from '@ledger/partners/domain';
import { authorizePartnerActorOnCustomer } from '../customer/customer.access';
import type { RequestResellerRelationship } from '../customer/customer.commands';
import { crossCloud, relationshipExists } from '../customer/customer.errors';
import type { RelationshipRequested } from '../customer/customer.events';
import { hasActiveRelationship, isSameCloud } from '../customer/customer.rules';
import type { CustomerState } from '../customer/customer.state';

export interface RequestResellerRelationshipInputs {
  /** The requesting partner's state (`partner-{partnerId}`): roles, approval and cloud. */
  readonly partner: PartnerState;
}

/**
 * RequestResellerRelationship (domain §4.3). Who: sellers of `partnerId`.
 * Rules, in order: `cross-cloud`; `relationship-exists`. The request id is the command id.
 * Several open requests may name the same partner; accepting any of them establishes the
 * relationship and accepting a later one skips what is already active.
 */
export function decideRequestResellerRelationship(
  command: RequestResellerRelationship,
  state: CustomerState,
  inputs: RequestResellerRelationshipInputs,
): [RelationshipRequested] {
  const { customerId, partnerId, includeDelegatedAdmin } = command.data;
  const { partner, customer } = authorizePartnerActorOnCustomer({
    actor: command.context.actor,
    partnerId,
    partner: inputs.partner,
    allowedRoles: SELLERS,
    customerId,
    customer: state,
  });
  if (!isSameCloud(partner, customer)) throw crossCloud(partnerId, partner.cloud, customerId, customer.cloud);
  if (hasActiveRelationship(customer, partnerId)) throw relationshipExists(partnerId, customerId);
  return [
    {
      type: 'RelationshipRequested',
      data: {
        customerId,
        requestId: command.context.commandId,
        partners: [partnerId],
        delegatedAdminFor: includeDelegatedAdmin ? [partnerId] : [],
      },
    },
  ];
}
