import { COMMAND_EVENT_ID_NAMESPACE, type CommandResult, ConcurrencyError, type EventStore } from '@ledger/event-store';
import type { CommandContext, EventMetadata } from '@ledger/kernel';
import { type CustomerTenantRegistered, initialPartnerState, isCspPartnerTenant, tenantRegistryStream } from '@ledger/partners';
import { v5 as uuidV5 } from 'uuid';
import type { RegisterCustomer } from '../customer/customer.commands';
import type { CustomerEvent } from '../customer/customer.events';
import { handleCustomerCommand } from '../customer/customer.handle';
import { loadPartnerState, loadTenantRegistry } from '../customer/customer.load';
import { decideRegisterCustomer } from './register-customer.decide';

/** How often the whole registration restarts after losing a race on the tenant registry. */
const TENANT_RACE_RETRIES = 5;

/**
 * RegisterCustomer, end to end. "Is this tenant an enrolled partner's CSP tenant?" is answered by
 * the tenant registry stream `tenant-{customerId}`, which EnrollPartner also writes
 * (`CspTenantReserved`). The registration appends `CustomerTenantRegistered` there at the exact
 * revision it read before appending `CustomerRegistered` (at no-stream): an enrollment of the
 * same tenant racing with it makes one of the two appends fail, and the retry reads the other's
 * fact — so a tenant never ends up both a freshly reserved CSP tenant and a customer registered
 * after the check said it was not one.
 */
export async function executeRegisterCustomer(store: EventStore, command: RegisterCustomer): Promise<CommandResult<CustomerEvent>> {
  const { customerId } = command.data;
  const { actor } = command.context;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await handleCustomerCommand(store, customerId, command.context, async (state) => {
        const actingPartner = actor.kind === 'partner' ? await loadPartnerState(store, actor.tenantId) : initialPartnerState;
        const tenant = await loadTenantRegistry(store, customerId);
        const events = decideRegisterCustomer(command, state, {
          actingPartner,
          tenantIsCspPartner: isCspPartnerTenant(tenant.state),
        });
        await store.append(tenantRegistryStream(customerId), [tenantRegisteredEvent(command.context, customerId, tenant.revision + 1)], {
          expectedRevision: tenant.revision === -1 ? 'no-stream' : tenant.revision,
        });
        return events;
      });
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= TENANT_RACE_RETRIES) throw error;
    }
  }
}

/**
 * The registry event, with an id derived from the command and the revision it will take: a
 * retried command re-appending at the same revision is a no-op, and one that lost a race appends
 * a fresh event at the next revision.
 */
function tenantRegisteredEvent(context: CommandContext, customerId: string, revision: number) {
  const event: CustomerTenantRegistered = { type: 'CustomerTenantRegistered', data: { tenantId: customerId, customerId } };
  const metadata: EventMetadata = {
    actor: { kind: context.actor.kind, tenantId: context.actor.tenantId, userId: context.actor.userId, roles: [...context.actor.roles] },
    commandId: context.commandId,
    correlationId: context.correlationId,
    causationId: context.causationId ?? context.commandId,
    occurredAt: context.now,
    schemaVersion: 1,
  };
  return { id: uuidV5(`${context.commandId}/tenant-registry/${revision}`, COMMAND_EVENT_ID_NAMESPACE), ...event, metadata };
}
