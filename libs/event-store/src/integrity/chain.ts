import { InvalidEventError } from '../port';
import type { NewEvent, RecordedEvent } from '../port';
import { hashEvent, INTEGRITY_ALGORITHM, INTEGRITY_KEY, metadataWithoutIntegrity, readIntegrity } from './event-hash';
import type { EventIntegrity } from './event-hash';

/** What chaining needs of the event a new append follows: the stream's last recorded event. */
export type ChainPredecessor = Pick<RecordedEvent, 'streamId' | 'revision' | 'type' | 'data' | 'metadata'>;

/**
 * The hash the next event of the stream links to. For a chained event, the hash it carries (not
 * recomputed: whether it still matches its content is the verifier's business). For an event
 * without a (well-formed) `metadata.integrity` — written before the chain existed or by a writer
 * that did not chain — the hash of its content with no predecessor: the chain restarts from it.
 * The verifier follows the same rule, so both agree on every link.
 */
export function linkHashOf(event: ChainPredecessor): string {
  const reading = readIntegrity(event.metadata);
  if (reading.status === 'chained') return reading.integrity.hash;
  return hashEvent({ ...event, prev: null });
}

/**
 * Adds `metadata.integrity` to events about to be appended to `streamId` right after `last` (its
 * last recorded event; null for a new stream): the first gets revision `last.revision + 1` and
 * links to `last`, each next one links to the one before. Pure: the caller appends the result
 * with the expected revision `last.revision` (or no-stream), so the revisions hashed are the ones
 * the store will assign; if the append then loses a race, the caller re-reads and chains again.
 * An `integrity` entry already in the input metadata is replaced.
 *
 * Throws InvalidEventError('not-json') for data or metadata that JSON cannot carry (the store
 * would refuse the append for the same reason).
 */
export function chainEvents(streamId: string, last: ChainPredecessor | null, events: readonly NewEvent[]): NewEvent[] {
  if (last !== null && last.streamId !== streamId) {
    throw new RangeError(`chainEvents: the last event given is of stream ${last.streamId}, not ${streamId}.`);
  }
  let prev = last === null ? null : linkHashOf(last);
  let revision = last === null ? 0 : last.revision + 1;
  return events.map((event, index) => {
    const metadata = metadataWithoutIntegrity(event.metadata);
    let hash: string;
    try {
      hash = hashEvent({ streamId, revision, type: event.type, data: event.data, metadata, prev });
    } catch (error) {
      // TypeError: not JSON; RangeError: nested deeper than the stack (the store refuses both).
      if (!(error instanceof TypeError) && !(error instanceof RangeError)) throw error;
      throw new InvalidEventError('not-json', `event #${index} (${event.type}) of ${streamId}: ${error.message}`);
    }
    const integrity: EventIntegrity = { alg: INTEGRITY_ALGORITHM, prev, hash };
    prev = hash;
    revision += 1;
    return { ...event, metadata: { ...metadata, [INTEGRITY_KEY]: integrity } };
  });
}
