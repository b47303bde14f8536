import { type CommandResult, type EventStore, handleCommand, readRecordedResult, stepContext } from '@ledger/event-store';
import { streams } from '@ledger/kernel';
import type { MpnRegistryEvent } from '../mpn-registry/mpn-registry.events';
import { mpnRegistryStream } from '../mpn-registry/mpn-registry.events';
import { evolveMpnRegistry } from '../mpn-registry/mpn-registry.evolve';
import { type MpnRegistryState, initialMpnRegistryState } from '../mpn-registry/mpn-registry.state';
import type { PartnerEvent } from '../partner/partner.events';
import { handlePartnerCommand, loadPartnerState } from '../partner/partner.store';
import { type TenantRegistryEvent, tenantRegistryStream } from '../tenant-registry/tenant-registry.events';
import { evolveTenantRegistry } from '../tenant-registry/tenant-registry.evolve';
import { type TenantRegistryState, initialTenantRegistryState } from '../tenant-registry/tenant-registry.state';
import {
  type EnrollPartner,
  decideCspTenantReservation,
  decideEnrollPartner,
  decideMpnIdReservation,
} from './enroll-partner.decide';

/**
 * EnrollPartner across its three consistency boundaries (decision 0002):
 * 1. the partner's own rules on `partner-{partnerId}` (actor, already-enrolled, country, webmail),
 *    so they win over `mpn-id-in-use` as domain §4 orders them — nothing is written if they fail;
 * 2. claim the MPN id on `mpn-{mpnId}` (first writer wins: expected `no-stream`, or the exact revision
 *    read); held by another partner → `mpn-id-in-use`; held by this partner → a retry, go on;
 * 3. claim the tenant on `tenant-{partnerId}` at the exact revision read, so a RegisterCustomer
 *    racing for the same tenant is serialised with it;
 * 4. append the partner's events with `no-stream`; a concurrent enrollment of the same partner id
 *    loses here and, on retry, gets `already-enrolled`.
 * Every step is idempotent for the same command, so retrying after a crash between steps completes
 * the enrollment. Returns the partner stream's result (its position is the command's last event).
 */
export async function executeEnrollPartner(store: EventStore, command: EnrollPartner): Promise<CommandResult<PartnerEvent>> {
  const { partnerId, mpnId } = command.data;
  // A retry of an enrollment that was recorded (its answer lost in a crash) gets its first result.
  const recorded = await readRecordedResult<PartnerEvent>(store, streams.partner(partnerId), command.context);
  if (recorded) return recorded;
  decideEnrollPartner(command, await loadPartnerState(store, partnerId));

  await handleCommand<MpnRegistryState, MpnRegistryEvent>(store, {
    streamId: mpnRegistryStream(mpnId),
    initialState: initialMpnRegistryState,
    evolve: evolveMpnRegistry,
    decide: async (state) => {
      const heldByAnother = state.status === 'reserved' && state.partnerId !== partnerId;
      const holder = heldByAnother ? await loadPartnerState(store, state.partnerId) : undefined;
      return decideMpnIdReservation(state, { mpnId, partnerId }, holder);
    },
    context: stepContext(command.context, 'reserve-mpn-id'),
  });

  await handleCommand<TenantRegistryState, TenantRegistryEvent>(store, {
    streamId: tenantRegistryStream(partnerId),
    initialState: initialTenantRegistryState,
    evolve: evolveTenantRegistry,
    decide: (state) => decideCspTenantReservation(state, { tenantId: partnerId, partnerId }),
    context: stepContext(command.context, 'reserve-csp-tenant'),
  });

  return handlePartnerCommand(store, partnerId, command.context, (state) => decideEnrollPartner(command, state));
}
