import type { CommandResult, EventStore } from '@ledger/event-store';
import type { InviteCustomerWithIndirectProvider } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { handleCustomerCommand } from '../customer/customer.handle';
import { loadPartnerState, loadPartnershipActive } from '../customer/customer.load';
import { decideInviteCustomerWithIndirectProvider } from './invite-customer-with-indirect-provider.decide';

/**
 * InviteCustomerWithIndirectProvider, end to end: loads the reseller and the provider
 * (`partner-*`) and whether `partnership-{providerId}-{resellerId}` is active.
 * The partnership is read, not locked: an EndPartnership racing with the invitation may land just
 * after it. That is acceptable because the invitation is only a proposal the customer still has to
 * accept, and ending a partnership by rule touches no customer (domain §4.2).
 */
export function executeInviteCustomerWithIndirectProvider(
  store: EventStore,
  command: InviteCustomerWithIndirectProvider,
): Promise<CommandResult<CustomerEvent>> {
  const { customerId, resellerId, providerId } = command.data;
  return handleCustomerCommand(store, customerId, command.context, async (state) => {
    const [reseller, provider, partnershipActive] = await Promise.all([
      loadPartnerState(store, resellerId),
      loadPartnerState(store, providerId),
      loadPartnershipActive(store, providerId, resellerId),
    ]);
    return decideInviteCustomerWithIndirectProvider(command, state, { reseller, provider, partnershipActive });
  });
}
