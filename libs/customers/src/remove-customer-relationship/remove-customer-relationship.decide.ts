import { ADMINS } from '@ledger/kernel';
import type { PartnerState } from '@ledger/partners/domain';
import { authorizePartnerActorOnCustomer } from '../customer/customer.access';
import type { RemoveCustomerRelationship } from '../customer/customer.commands';
import { attestationRequired, relationshipNotFound } from '../customer/customer.errors';
import type { CustomerRelationshipRemoved } from '../customer/customer.events';
import { hasActiveRelationship, isAttested } from '../customer/customer.rules';
import type { CustomerState } from '../customer/customer.state';

export interface RemoveCustomerRelationshipInputs {
  /** The removing partner's state (`partner-{partnerId}`). */
  readonly partner: PartnerState;
}

/**
 * RemoveCustomerRelationship (domain §4.3, the seed's "Remove a relationship with a customer").
 * Who: admins of that partner. Rules, in order: `relationship-not-found`; `attestation-required`
 * (422: good faith must be `true` and a business purpose stated).
 * Emits only `CustomerRelationshipRemoved`: the partner's DAP grant is deliberately left as it is
 * (a retained grant), other partners are untouched, and the ledger sends no legal notice — it
 * records the attestation and notice facts as given.
 */
export function decideRemoveCustomerRelationship(
  command: RemoveCustomerRelationship,
  state: CustomerState,
  inputs: RemoveCustomerRelationshipInputs,
): [CustomerRelationshipRemoved] {
  const { customerId, partnerId, attestation, legalNotice } = command.data;
  const { customer } = authorizePartnerActorOnCustomer({
    actor: command.context.actor,
    partnerId,
    partner: inputs.partner,
    allowedRoles: ADMINS,
    customerId,
    customer: state,
  });
  if (!hasActiveRelationship(customer, partnerId)) throw relationshipNotFound(partnerId, customerId);
  if (!isAttested(attestation)) throw attestationRequired();
  return [
    {
      type: 'CustomerRelationshipRemoved',
      data: {
        customerId,
        partnerId,
        attestation: { goodFaith: attestation.goodFaith, legitimateBusinessPurpose: attestation.legitimateBusinessPurpose },
        legalNotice: {
          required: legalNotice?.required === true,
          ...(legalNotice?.providedAt !== undefined ? { providedAt: legalNotice.providedAt } : {}),
        },
      },
    },
  ];
}
