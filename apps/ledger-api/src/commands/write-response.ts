import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, Position } from '@ledger/event-store';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { toWriteResponse, type WriteResponse } from './write-response.format';

export * from './write-response.format';

/** Builds write responses; injectable because an empty outcome needs the store (below). */
@Injectable()
export class WriteResponder {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The response of a command that handleCommand ran. Its position is that of the last appended
   * event; when the command appended nothing (an idempotent repeat the decider answered with no
   * events), handleCommand gives the stream's last position, and for a stream that does not exist
   * the head of the log: either way every fact the command decided on is at or before it, so
   * reading at that position shows the state the client's command saw.
   */
  async respond<TIds extends Record<string, unknown>>(
    result: { readonly position: Position | null },
    ids: TIds = {} as TIds,
  ): Promise<WriteResponse<TIds>> {
    const position = result.position ?? (await this.store.headPosition());
    return toWriteResponse(position, ids);
  }
}
