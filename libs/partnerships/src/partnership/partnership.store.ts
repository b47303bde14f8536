import { type CommandResult, type EventStore, handleCommand } from '@ledger/event-store';
import type { CommandContext } from '@ledger/kernel';
import { loadPartnerState, loadStreamState } from '@ledger/partners';
import { type PartnershipEvent, partnershipStream } from './partnership.events';
import { evolvePartnership } from './partnership.evolve';
import type { PartnershipInputs } from './partnership.inputs';
import { type PartnershipState, initialPartnershipState } from './partnership.state';

/** The partnership's current state from its stream (for other contexts' handlers, e.g. libs/customers). */
export function loadPartnershipState(store: EventStore, providerId: string, resellerId: string): Promise<PartnershipState> {
  return loadStreamState(store, partnershipStream(providerId, resellerId), evolvePartnership, initialPartnershipState);
}

/**
 * Runs a partnership decider through the command pipeline. Both partners' states are read from
 * their own streams inside `decide`, so every optimistic-concurrency retry re-reads them too.
 */
export function handlePartnershipCommand(
  store: EventStore,
  ids: { readonly providerId: string; readonly resellerId: string },
  context: CommandContext,
  decide: (state: PartnershipState, inputs: PartnershipInputs) => readonly PartnershipEvent[],
): Promise<CommandResult<PartnershipEvent>> {
  return handleCommand<PartnershipState, PartnershipEvent>(store, {
    streamId: partnershipStream(ids.providerId, ids.resellerId),
    initialState: initialPartnershipState,
    evolve: evolvePartnership,
    decide: async (state) => {
      const [provider, reseller] = await Promise.all([
        loadPartnerState(store, ids.providerId),
        loadPartnerState(store, ids.resellerId),
      ]);
      return decide(state, { provider, reseller });
    },
    context,
  });
}
