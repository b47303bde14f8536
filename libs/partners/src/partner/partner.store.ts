import { type CommandResult, type EventStore, handleCommand } from '@ledger/event-store';
import { type CommandContext, type DomainEvent, fold } from '@ledger/kernel';
import { type PartnerEvent, partnerStream } from './partner.events';
import { evolvePartner } from './partner.evolve';
import { type PartnerState, initialPartnerState } from './partner.state';

/**
 * Reads a stream from the event store — every acknowledged write, never a read model — and folds it.
 * Handlers use it for facts from other aggregates; they run it inside `decide` so a retry re-reads.
 */
export async function loadStreamState<S, E extends DomainEvent>(
  store: EventStore,
  streamId: string,
  evolve: (state: S, event: E) => S,
  initialState: S,
): Promise<S> {
  const recorded = await store.readStream(streamId);
  return fold(
    evolve,
    initialState,
    recorded.map((event) => ({ type: event.type, data: event.data }) as E),
  );
}

/** The partner's current state from `partner-{partnerId}`. */
export function loadPartnerState(store: EventStore, partnerId: string): Promise<PartnerState> {
  return loadStreamState(store, partnerStream(partnerId), evolvePartner, initialPartnerState);
}

/** Runs a decider against `partner-{partnerId}` through the command pipeline (read, fold, decide, append, retry). */
export function handlePartnerCommand(
  store: EventStore,
  partnerId: string,
  context: CommandContext,
  decide: (state: PartnerState) => readonly PartnerEvent[],
): Promise<CommandResult<PartnerEvent>> {
  return handleCommand<PartnerState, PartnerEvent>(store, {
    streamId: partnerStream(partnerId),
    initialState: initialPartnerState,
    evolve: evolvePartner,
    decide,
    context,
  });
}
