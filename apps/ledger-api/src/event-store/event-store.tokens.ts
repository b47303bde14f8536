/** Injection token of the process's EventStore (the port of @ledger/event-store). */
export const EVENT_STORE = Symbol('EVENT_STORE');
