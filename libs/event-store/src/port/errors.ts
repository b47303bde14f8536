import type { ExpectedRevision } from './event-store.port';

/** The stream's revision did not match the writer's expectation: someone else appended first. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or -1 when it does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${actual}.`);
  }
}

/** An event id that is already stored somewhere else than where this append would put it. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`Event id ${eventId} is already stored at another place than stream ${streamId} would put it.`);
  }
}

/** The append was malformed: bad stream name, non-UUID id, non-JSON data, an event over 1 MiB. Nothing was written. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(
    readonly reason: 'stream-name' | 'event-id' | 'event-type' | 'not-json' | 'too-large' | 'empty',
    message: string,
  ) {
    super(message);
  }
}

/** The store cannot be reached or was closed. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
