import { DomainError, type DomainErrorKind } from '../domain-error';
import { fold } from '../decider';

/**
 * A tiny given-events / when-command / then-events-or-error helper for decider specs.
 *
 * `given` folds past events into state with the aggregate's own `evolve`, so a spec states the
 * history as facts (the way the ledger stores them) rather than hand-building a state object.
 * `when` receives that state and runs the decide function with whatever inputs the command needs
 * (facts from other streams), so one helper serves every decider whatever its signature.
 *
 * Import it from tests only, by relative path: the kernel's index does not export it, so production
 * code cannot come to depend on jest's `expect`.
 */
export interface DeciderSpecDefinition<S, E> {
  readonly initialState: S;
  readonly evolve: (state: S, event: E) => S;
}

export interface DeciderThen<S, E> {
  /** Expects exactly these events, in this order, and checks they fold without surprises. */
  then(expected: readonly E[]): S;
  /** Expects the decider to refuse with this code (and kind when given), emitting nothing. */
  thenFails(code: string, kind?: DomainErrorKind): DomainError;
  /** Runs the decider and hands back the events for custom assertions. */
  events(): readonly E[];
}

export interface DeciderWhen<S, E> {
  readonly state: S;
  when(decide: (state: S) => readonly E[]): DeciderThen<S, E>;
}

export function deciderSpec<S, E>(definition: DeciderSpecDefinition<S, E>): {
  given(events?: readonly E[]): DeciderWhen<S, E>;
} {
  return {
    given(history: readonly E[] = []) {
      const state = fold(definition.evolve, definition.initialState, history);
      return {
        state,
        when(decide) {
          return {
            then(expected) {
              const emitted = decide(state);
              expect(emitted).toEqual(expected);
              return fold(definition.evolve, state, emitted);
            },
            thenFails(code, kind) {
              let outcome: readonly E[] | undefined;
              try {
                outcome = decide(state);
              } catch (error) {
                expect(error).toBeInstanceOf(DomainError);
                const domainError = error as DomainError;
                expect(domainError.code).toBe(code);
                if (kind) expect(domainError.kind).toBe(kind);
                return domainError;
              }
              throw new Error(`Expected the command to fail with ${code}, but it emitted ${JSON.stringify(outcome)}.`);
            },
            events() {
              return decide(state);
            },
          };
        },
      };
    },
  };
}
