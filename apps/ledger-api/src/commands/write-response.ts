import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, Position } from '@ledger/event-store';
import { EVENT_STORE } from '../event-store/event-store.tokens';

/**
 * The body of every successful write (api.md, Writes): the log position of its last event, as an
 * opaque string clients pass back as `?minPosition=` to read their own writes, plus the ids the
 * write created or touched.
 */
export type WriteResponse<TIds extends Record<string, unknown> = Record<string, never>> = { readonly position: string } & TIds;

/** Renders a log position for clients: a decimal string, so no client rounds it as a float. */
export function positionToString(position: Position): string {
  return String(position);
}

export function toWriteResponse<TIds extends Record<string, unknown>>(position: Position, ids: TIds): WriteResponse<TIds> {
  return { ...ids, position: positionToString(position) };
}

/** Builds write responses; injectable because an empty outcome needs the store (below). */
@Injectable()
export class WriteResponder {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The response of a command that handleCommand ran. When the command appended nothing (an
   * idempotent repeat that the decider answered with no events), the position is the head of the
   * log: every fact the command decided on is at or before it, so reading at that position shows
   * the state the client's command saw.
   */
  async respond<TIds extends Record<string, unknown>>(
    result: { readonly position: Position | null },
    ids: TIds = {} as TIds,
  ): Promise<WriteResponse<TIds>> {
    const position = result.position ?? (await this.store.headPosition());
    return toWriteResponse(position, ids);
  }
}
