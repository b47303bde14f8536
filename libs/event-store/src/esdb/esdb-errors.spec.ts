import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { InvalidEventError, StoreUnavailableError } from '../port';
import { classifyEsdbError, isTransient, toPortError } from './esdb-errors';

const wrongVersion = (): WrongExpectedVersionError =>
  new WrongExpectedVersionError(undefined, { streamName: 'order-1', expected: NO_STREAM, current: 3n });

describe('classifyEsdbError', () => {
  it("recognises the client's errors", () => {
    expect(classifyEsdbError(wrongVersion())).toBe('wrong-expected-version');
    expect(classifyEsdbError(new StreamNotFoundError(undefined, 'order-1'))).toBe('stream-not-found');
    expect(classifyEsdbError(new MaxAppendSizeExceededError(undefined, 1048576))).toBe('too-large');
    expect(classifyEsdbError(new AccessDeniedError())).toBe('access-denied');
    expect(classifyEsdbError(new UnavailableError(undefined, 'No connection established'))).toBe('unavailable');
    expect(classifyEsdbError(new DeadlineExceededError())).toBe('unavailable');
    expect(classifyEsdbError(new CancelledError())).toBe('unavailable');
    expect(classifyEsdbError(StreamDeletedError.fromStreamName('order-1'))).toBe('other');
    expect(classifyEsdbError(new UnknownError())).toBe('other');
  });

  it('recognises a failed cluster discovery and raw gRPC statuses', () => {
    expect(classifyEsdbError(new Error('Failed to discover after 10 attempts.'))).toBe('unavailable');
    expect(classifyEsdbError(Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }))).toBe('unavailable');
    expect(classifyEsdbError(Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }))).toBe('unavailable');
    expect(classifyEsdbError(new TypeError('a bug'))).toBe('other');
    expect(classifyEsdbError('a string')).toBe('other');
  });
});

describe('isTransient (worth resubscribing)', () => {
  it('retries an unreachable server and unknown server failures, not refused credentials or bugs', () => {
    expect(isTransient(new UnavailableError())).toBe(true);
    expect(isTransient(new UnknownError())).toBe(true);
    expect(isTransient(new AccessDeniedError())).toBe(false);
    expect(isTransient(new TypeError('a bug'))).toBe(false);
  });
});

describe('toPortError', () => {
  it('turns an unreachable or refusing server into StoreUnavailableError naming EventStoreDB', () => {
    const unavailable = toPortError(new UnavailableError(undefined, 'No connection established'), 'append to order-1');
    expect(unavailable).toBeInstanceOf(StoreUnavailableError);
    expect((unavailable as Error).message).toBe('EventStoreDB is unreachable (append to order-1): No connection established');
    const denied = toPortError(new AccessDeniedError(), 'read all');
    expect(denied).toBeInstanceOf(StoreUnavailableError);
    expect((denied as Error).message).toMatch(/^EventStoreDB refused the ledger's credentials \(read all\): AccessDeniedError/);
  });

  it('turns a refused size into InvalidEventError too-large, and leaves everything else alone', () => {
    expect(toPortError(new MaxAppendSizeExceededError(undefined, 1048576), 'append')).toMatchObject({ reason: 'too-large' });
    expect(toPortError(new MaxAppendSizeExceededError(undefined, 1048576), 'append')).toBeInstanceOf(InvalidEventError);
    const bug = new TypeError('a bug');
    expect(toPortError(bug, 'append')).toBe(bug);
    const conflict = wrongVersion();
    expect(toPortError(conflict, 'append')).toBe(conflict);
  });
});
