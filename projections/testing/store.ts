/**
 * Helpers for projection specs (tests only): append events to a real SQLite store and dump tables.
 */
import { v4 as uuid } from 'uuid';
import type { EventStore, Position } from '@ledger/event-store';
import type { ReadModelDb } from '../runner/projection';

export interface EventToAppend {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export const testActor = { kind: 'program', tenantId: 'program', userId: 'reviewer-1', roles: ['reviewer'] } as const;

/** Metadata as handleCommand records it (domain §6), with overridable parts. */
export function metadata(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return {
    actor: testActor,
    commandId: uuid(),
    correlationId: uuid(),
    causationId: uuid(),
    occurredAt: '2025-01-01T00:00:00.000Z',
    schemaVersion: 1,
    ...overrides,
  };
}

/** Appends events to one stream (no concurrency check) and returns the position of the last one. */
export async function appendTo(store: EventStore, streamId: string, events: readonly EventToAppend[]): Promise<Position> {
  const result = await store.append(
    streamId,
    events.map((event) => ({ id: uuid(), type: event.type, data: event.data, metadata: event.metadata ?? metadata() })),
    { expectedRevision: 'any' },
  );
  return result.position;
}

/** Every row of a table or view, in a stable order, for equality checks. */
export function dump(db: ReadModelDb, table: string): unknown[] {
  return db
    .prepare(`SELECT * FROM "${table}"`)
    .all()
    .map((row) => JSON.stringify(row))
    .sort()
    .map((row) => JSON.parse(row) as unknown);
}
