import type { PartnerState } from '@ledger/partners/domain';
import { decideAcceptRelationship } from '../accept-relationship/accept-relationship.decide';
import { decideDeclineRelationship } from '../decline-relationship/decline-relationship.decide';
import { decideInviteCustomerWithIndirectProvider } from '../invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.decide';
import { decideRegisterCustomer } from '../register-customer/register-customer.decide';
import { decideRemoveCustomerRelationship } from '../remove-customer-relationship/remove-customer-relationship.decide';
import { decideRequestResellerRelationship } from '../request-reseller-relationship/request-reseller-relationship.decide';
import { decideRevokeDelegatedAdminPrivileges } from '../revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.decide';
import type { CustomerCommand } from './customer.commands';
import type { CustomerEvent } from './customer.events';
import { evolveCustomer } from './customer.evolve';
import type { CustomerState } from './customer.state';
import { initialCustomerState } from './customer.state';

/**
 * Every fact from other streams any customer command may need, as lookups. The execute functions
 * load exactly the facts their command needs; this shape serves callers that decide any command
 * (tests, simulations, replays).
 */
export interface CustomerFacts {
  /** State of `partner-{partnerId}`. */
  partner(partnerId: string): PartnerState;
  /** `partnership-{providerId}-{resellerId}` is active. */
  partnershipActive(providerId: string, resellerId: string): boolean;
  /** `tenant-{tenantId}` says the tenant is an enrolled partner's CSP tenant. */
  tenantIsCspPartner(tenantId: string): boolean;
}

/** One decide behind an exhaustive switch: each command goes to its slice's decide. */
export function decideCustomer(command: CustomerCommand, state: CustomerState, facts: CustomerFacts): CustomerEvent[] {
  switch (command.type) {
    case 'RegisterCustomer':
      return decideRegisterCustomer(command, state, {
        actingPartner: facts.partner(command.context.actor.tenantId),
        tenantIsCspPartner: facts.tenantIsCspPartner(command.data.customerId),
      });
    case 'RequestResellerRelationship':
      return decideRequestResellerRelationship(command, state, { partner: facts.partner(command.data.partnerId) });
    case 'InviteCustomerWithIndirectProvider':
      return decideInviteCustomerWithIndirectProvider(command, state, {
        reseller: facts.partner(command.data.resellerId),
        provider: facts.partner(command.data.providerId),
        partnershipActive: facts.partnershipActive(command.data.providerId, command.data.resellerId),
      });
    case 'AcceptRelationship':
      return decideAcceptRelationship(command, state);
    case 'DeclineRelationship':
      return decideDeclineRelationship(command, state);
    case 'RemoveCustomerRelationship':
      return decideRemoveCustomerRelationship(command, state, { partner: facts.partner(command.data.partnerId) });
    case 'RevokeDelegatedAdminPrivileges':
      return decideRevokeDelegatedAdminPrivileges(command, state, { partner: facts.partner(command.data.partnerId) });
    default: {
      const unknown: never = command;
      throw new Error(`Unknown customer command ${(unknown as { type: string }).type}`);
    }
  }
}

/** The customer aggregate as a decider: initial state, evolve and decide with facts as inputs. */
export const customerDecider = {
  initialState: initialCustomerState,
  evolve: evolveCustomer,
  decide: decideCustomer,
} as const;
