import type { RecordedEvent } from '@ledger/event-store';
import type { Actor } from '@ledger/kernel';
import { formatPosition } from '../shared/page.response';
import { occurredAtOf } from './customer-as-of';

/** An item of `GET /v1/customers/{customerId}/history` (api.md): one stored event, as recorded. */
export interface HistoryItem {
  readonly position: string;
  readonly type: string;
  readonly data: unknown;
  /** Who did it: metadata.actor, null if the event carries none. */
  readonly actor: Actor | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly occurredAt: string;
}

export function toHistoryItem(event: RecordedEvent): HistoryItem {
  const actor = event.metadata['actor'];
  return {
    position: formatPosition(event.position),
    type: event.type,
    data: event.data,
    actor: typeof actor === 'object' && actor !== null ? (actor as Actor) : null,
    metadata: event.metadata,
    occurredAt: occurredAtOf(event),
  };
}
