import { forbidden, SELLERS } from '@ledger/kernel';
import { authorizePartnerActor, type PartnerState } from '@ledger/partners/domain';
import type { RegisterCustomer } from '../customer/customer.commands';
import { alreadyRegistered, cspPartnerCannotResellToCspPartner } from '../customer/customer.errors';
import type { CustomerRegistered } from '../customer/customer.events';
import { assertActsForCustomer, assertCustomerGlobalAdmin, isRegistered } from '../customer/customer.rules';
import type { CustomerState } from '../customer/customer.state';

/** Facts from other streams that RegisterCustomer needs. */
export interface RegisterCustomerInputs {
  /**
   * When a partner user registers the customer: the state of the actor's own partner
   * (`partner-{actor.tenantId}`). Ignored for a customer actor.
   */
  readonly actingPartner: PartnerState;
  /** The tenant registry (`tenant-{customerId}`) says the tenant is an enrolled partner's CSP tenant. */
  readonly tenantIsCspPartner: boolean;
}

/**
 * RegisterCustomer (domain §4.3). Who: sellers of any approved partner, or the customer's own
 * global admin. Rules, in order: `already-registered`; `csp-partner-cannot-resell-to-csp-partner`.
 * Registering creates no relationship, not even with the registering partner.
 * No cloud rule applies here: the customer's cloud is recorded, and `cross-cloud` refuses the
 * requests of partners in another cloud.
 */
export function decideRegisterCustomer(
  command: RegisterCustomer,
  state: CustomerState,
  inputs: RegisterCustomerInputs,
): [CustomerRegistered] {
  const { actor } = command.context;
  const { customerId, companyName, domain, country, cloud } = command.data;
  let registeredByPartnerId: string | undefined;
  if (actor.kind === 'partner') {
    registeredByPartnerId = authorizePartnerActor(actor, actor.tenantId, inputs.actingPartner, SELLERS).partner.partnerId;
  } else if (actor.kind === 'customer') {
    assertActsForCustomer(actor, customerId);
    assertCustomerGlobalAdmin(actor);
  } else {
    throw forbidden('Only a partner seller or the customer itself may register a customer.');
  }
  if (isRegistered(state)) throw alreadyRegistered(customerId);
  if (inputs.tenantIsCspPartner) throw cspPartnerCannotResellToCspPartner(customerId);
  return [
    {
      type: 'CustomerRegistered',
      data: {
        customerId,
        companyName,
        domain,
        country,
        cloud,
        ...(registeredByPartnerId !== undefined ? { registeredByPartnerId } : {}),
        registeredBy: registeredByPartnerId !== undefined ? 'partner' : 'customer',
      },
    },
  ];
}
