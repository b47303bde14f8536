import { type CommandResult, type EventStore, handleCommand, readRecordedResult, stepContext } from '@ledger/event-store';
import { streams } from '@ledger/kernel';
import {
  type CustomerTenantRegistered,
  evolveTenantRegistry,
  initialPartnerState,
  initialTenantRegistryState,
  isCspPartnerTenant,
  type TenantRegistryEvent,
  type TenantRegistryState,
  tenantRegistryStream,
} from '@ledger/partners';
import type { RegisterCustomer } from '../customer/customer.commands';
import { cspPartnerCannotResellToCspPartner } from '../customer/customer.errors';
import type { CustomerEvent } from '../customer/customer.events';
import { handleCustomerCommand } from '../customer/customer.handle';
import { loadCustomerState, loadPartnerState, loadTenantRegistry } from '../customer/customer.load';
import { decideRegisterCustomer } from './register-customer.decide';

/**
 * RegisterCustomer, end to end. "Is this tenant an enrolled partner's CSP tenant?" is answered by
 * the tenant registry stream `tenant-{customerId}`, which EnrollPartner also writes
 * (`CspTenantReserved`). Three steps:
 * 1. decide against the customer stream and the registry as read (so every rule, in its order,
 *    refuses before anything is written);
 * 2. claim the tenant for the customer on the registry at the exact revision read: an enrollment
 *    of the same tenant racing with it makes one of the two appends conflict, and the retry reads
 *    the other's fact (refusing with `csp-partner-cannot-resell-to-csp-partner` if the partner won);
 * 3. append `CustomerRegistered` at no-stream: of two racing registrations of one customer, one
 *    gets `already-registered`.
 * Each step is idempotent for the same command (derived step ids), so a retry after a crash
 * between the steps completes the registration.
 */
export async function executeRegisterCustomer(store: EventStore, command: RegisterCustomer): Promise<CommandResult<CustomerEvent>> {
  const { customerId } = command.data;
  const { actor } = command.context;
  // A retry of a registration that was recorded (its answer lost in a crash) gets its first result.
  const recorded = await readRecordedResult<CustomerEvent>(store, streams.customer(customerId), command.context);
  if (recorded) return recorded;
  const actingPartner = actor.kind === 'partner' ? await loadPartnerState(store, actor.tenantId) : initialPartnerState;
  const decide = async (customerState = loadCustomerState(store, customerId)) =>
    decideRegisterCustomer(command, await customerState, {
      actingPartner,
      tenantIsCspPartner: isCspPartnerTenant((await loadTenantRegistry(store, customerId)).state),
    });

  await decide();

  await handleCommand<TenantRegistryState, TenantRegistryEvent>(store, {
    streamId: tenantRegistryStream(customerId),
    initialState: initialTenantRegistryState,
    evolve: evolveTenantRegistry,
    decide: (tenant) => claimTenantForCustomer(tenant, customerId),
    context: stepContext(command.context, 'register-customer-tenant'),
  });

  return handleCustomerCommand(store, customerId, command.context, (state) => decide(Promise.resolve(state)));
}

/** The registry step: refused on a CSP partner's tenant, a no-op when the customer already holds it. */
function claimTenantForCustomer(tenant: TenantRegistryState, customerId: string): CustomerTenantRegistered[] {
  // The decider's refusal, raised here when an enrollment won the race on the registry.
  if (isCspPartnerTenant(tenant)) throw cspPartnerCannotResellToCspPartner(customerId);
  if (tenant.status === 'claimed' && tenant.customerId === customerId) return [];
  return [{ type: 'CustomerTenantRegistered', data: { tenantId: customerId, customerId } }];
}
