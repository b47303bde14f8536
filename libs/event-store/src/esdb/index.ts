/**
 * The EventStoreDB adapter. Not re-exported from the package index on purpose: importing it loads
 * @eventstore/db-client and gRPC, which the embedded (SQLite) mode never needs — the API and the
 * CLI load it only when LEDGER_EVENT_STORE=esdb.
 */
export { EsdbEventStore, createEsdbEventStore } from './esdb-event-store';
export type { EsdbEventStoreOptions } from './esdb-event-store';
export { ESDB_MAX_APPEND_BYTES, esdbAppendBytes, esdbEventBytes } from './esdb-append';
export { DEFAULT_RESUBSCRIBE_BACKOFF } from './backoff';
export type { BackoffOptions } from './backoff';
export type { SubscriptionDrop } from './esdb-subscription';
