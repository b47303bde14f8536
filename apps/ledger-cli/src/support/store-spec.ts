import { createSqliteEventStore } from '@ledger/event-store';
import type { EventStore } from '@ledger/event-store';
import { CliError } from '../cli-context';

/** An event store the CLI opens: an embedded store's file, or EventStoreDB through a connection string. */
export type StoreSpec = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'esdb'; readonly connectionString: string };

export function describeStore(spec: StoreSpec): string {
  // The connection string may carry credentials: show its hosts only.
  return spec.kind === 'sqlite' ? `sqlite:${spec.file}` : `EventStoreDB ${spec.connectionString.replace(/\/\/[^@/]*@/, '//…@').split('?')[0]}`;
}

/**
 * Opens a store named by a spec; EventStoreDB's client is loaded only when asked for, and connects
 * lazily (an unreachable server fails the first operation). A connection string the client cannot
 * parse is a CliError.
 */
export async function openStore(spec: StoreSpec): Promise<EventStore> {
  if (spec.kind === 'sqlite') return createSqliteEventStore({ path: spec.file });
  const { createEsdbEventStore } = await import('../../../../libs/event-store/src/esdb');
  try {
    return createEsdbEventStore({ connectionString: spec.connectionString });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}
