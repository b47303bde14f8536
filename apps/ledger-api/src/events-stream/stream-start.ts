import type { Position } from '@ledger/event-store';
import { RequestValidationError } from '../errors/problem-details';

/** A log position as clients send it: a decimal string of at most 16 digits (always below 2^53 in SQLite). */
const POSITION_TEXT = /^[0-9]{1,16}$/;

/** Name of the header an EventSource client sends on reconnection, holding the last `id` it received. */
export const LAST_EVENT_ID_HEADER = 'last-event-id';

/**
 * The position the stream resumes after: the Last-Event-ID header wins over `from` (api.md), and
 * `end` needs the current head. A malformed header is a 400 like a malformed query.
 */
export async function resolveStreamStart(
  lastEventId: string | undefined,
  from: string | undefined,
  headPosition: () => Promise<Position>,
): Promise<{ readonly after: Position; readonly source: 'last-event-id' | 'from' | 'start' | 'end' }> {
  if (lastEventId !== undefined) {
    const text = lastEventId.trim();
    if (!POSITION_TEXT.test(text)) {
      throw new RequestValidationError([
        { field: 'Last-Event-ID', messages: ['Last-Event-ID must be the id of an event of this stream (a decimal position)'] },
      ]);
    }
    return { after: Number(text), source: 'last-event-id' };
  }
  if (from === undefined || from === 'start') return { after: 0, source: 'start' };
  if (from === 'end') return { after: await headPosition(), source: 'end' };
  return { after: Number(from), source: 'from' };
}
