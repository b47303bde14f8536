import type { DomainEvent } from './event';

/**
 * The decider pattern: `decide` turns a command and the current state into new events (or throws a
 * DomainError), `evolve` folds one event into the state and never throws. Both are pure.
 * `TInputs` carries facts loaded from other streams (never from read models) by the handler.
 */
export interface Decider<TCommand, TEvent extends DomainEvent, TState, TInputs = void> {
  readonly initialState: TState;
  evolve(state: TState, event: TEvent): TState;
  decide(command: TCommand, state: TState, inputs: TInputs): readonly TEvent[];
}

/** Folds events into state with `evolve`, starting from `initialState`. */
export function fold<TEvent, TState>(
  evolve: (state: TState, event: TEvent) => TState,
  initialState: TState,
  events: Iterable<TEvent>,
): TState {
  let state = initialState;
  for (const event of events) state = evolve(state, event);
  return state;
}
