import { SELLERS } from '@ledger/kernel';
import type { PartnerState } from '@ledger/partners/domain';
import { authorizePartnerActorOnCustomer } from '../customer/customer.access';
import type { InviteCustomerWithIndirectProvider } from '../customer/customer.commands';
import { crossCloud, noActivePartnership, relationshipExists } from '../customer/customer.errors';
import type { RelationshipRequested } from '../customer/customer.events';
import { hasActiveRelationship, isSameCloud } from '../customer/customer.rules';
import type { CustomerState } from '../customer/customer.state';

export interface InviteCustomerWithIndirectProviderInputs {
  /** The inviting reseller's state (`partner-{resellerId}`). */
  readonly reseller: PartnerState;
  /** The indirect provider's state (`partner-{providerId}`); unknown gives `partner-not-found`. */
  readonly provider: PartnerState;
  /** `partnership-{providerId}-{resellerId}` is active (authorized and not ended). */
  readonly partnershipActive: boolean;
}

/**
 * InviteCustomerWithIndirectProvider (domain §4.3): the two-tier "invite new customers" flow of
 * the indirect-reseller seed. Who: sellers of the reseller. Rules, in order:
 * `no-active-partnership` (the reseller is an indirect reseller with an active partnership with
 * that indirect provider); `cross-cloud`; `relationship-exists` (the reseller's own relationship —
 * a provider that already has one is simply skipped on acceptance).
 * Only the reseller can receive DAP through it: the provider needs a relationship to submit
 * orders, not admin access to the customer's tenant.
 */
export function decideInviteCustomerWithIndirectProvider(
  command: InviteCustomerWithIndirectProvider,
  state: CustomerState,
  inputs: InviteCustomerWithIndirectProviderInputs,
): [RelationshipRequested] {
  const { customerId, resellerId, providerId, includeDelegatedAdmin } = command.data;
  const {
    partner: reseller,
    customer,
    otherPartners: [provider],
  } = authorizePartnerActorOnCustomer({
    actor: command.context.actor,
    partnerId: resellerId,
    partner: inputs.reseller,
    allowedRoles: SELLERS,
    customerId,
    customer: state,
    otherPartners: [{ partnerId: providerId, partner: inputs.provider }],
  });
  const isTwoTierPair =
    reseller.partnerType === 'indirect-reseller' && provider?.partnerType === 'indirect-provider' && inputs.partnershipActive;
  if (!isTwoTierPair) throw noActivePartnership(resellerId, providerId);
  if (!isSameCloud(reseller, customer)) throw crossCloud(resellerId, reseller.cloud, customerId, customer.cloud);
  if (provider && !isSameCloud(provider, customer)) throw crossCloud(providerId, provider.cloud, customerId, customer.cloud);
  if (hasActiveRelationship(customer, resellerId)) throw relationshipExists(resellerId, customerId);
  return [
    {
      type: 'RelationshipRequested',
      data: {
        customerId,
        requestId: command.context.commandId,
        partners: [resellerId, providerId],
        delegatedAdminFor: includeDelegatedAdmin ? [resellerId] : [],
        indirectProviderId: providerId,
      },
    },
  ];
}
