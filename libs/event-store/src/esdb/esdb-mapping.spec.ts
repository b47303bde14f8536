import { BACKWARDS, END, FORWARDS, NO_STREAM, START, STREAM_EXISTS, ANY } from '@eventstore/db-client';
import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { serializeAppend } from '../append-validation';
import {
  decodeData,
  decodeMetadata,
  exactPosition,
  fromEsdbCurrentRevision,
  planStreamRead,
  toEsdbExpectedRevision,
  toEsdbReadPosition,
  toEventData,
  toPortPosition,
  toRecordedEvent,
} from './esdb-mapping';

const ID = '0b7a3c52-6f1e-4d8a-9c3b-2e5f7a9d1c40';

describe('expected revisions', () => {
  it('maps every port expectation to the client one', () => {
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision('no-stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('stream-exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpectedRevision(-1)).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it("reads the server's current revision as the port's actual revision (-1: no stream)", () => {
    expect(fromEsdbCurrentRevision(NO_STREAM)).toBe(-1);
    expect(fromEsdbCurrentRevision(0n)).toBe(0);
    expect(fromEsdbCurrentRevision(12n)).toBe(12);
  });
});

describe('positions', () => {
  it('is the commit position of a self-committed event (commit = prepare)', () => {
    expect(toPortPosition({ commit: 1234n, prepare: 1234n }, ID)).toBe(1234);
    expect(toPortPosition({ commit: BigInt(Number.MAX_SAFE_INTEGER), prepare: BigInt(Number.MAX_SAFE_INTEGER) }, ID)).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('refuses what it cannot represent faithfully', () => {
    expect(() => toPortPosition(undefined, ID)).toThrow(/22\.10 or later/);
    expect(() => toPortPosition({ commit: 900n, prepare: 850n }, ID)).toThrow(/explicit transaction/);
    const tooFar = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
    expect(() => toPortPosition({ commit: tooFar, prepare: tooFar }, ID)).toThrow(RangeError);
  });

  it('turns a port position back into the exact pair, and START into the start of the log', () => {
    expect(toEsdbReadPosition(0)).toBe(START);
    expect(toEsdbReadPosition(5120)).toEqual({ commit: 5120n, prepare: 5120n });
    expect(exactPosition(7)).toEqual({ commit: 7n, prepare: 7n });
    expect(() => toEsdbReadPosition(-1)).toThrow(RangeError);
    expect(() => toEsdbReadPosition(1.5)).toThrow(RangeError);
  });

  it('round-trips: a position read back from the port resumes exactly there', () => {
    for (const commit of [1n, 4096n, 987654321n]) {
      const port = toPortPosition({ commit, prepare: commit }, ID);
      expect(toEsdbReadPosition(port)).toEqual({ commit, prepare: commit });
    }
  });
});

describe('stream reads', () => {
  it('reads forwards from the start and backwards from the end by default', () => {
    expect(planStreamRead({})).toEqual({ kind: 'read', direction: FORWARDS, fromRevision: START });
    expect(planStreamRead({ direction: 'backwards' })).toEqual({ kind: 'read', direction: BACKWARDS, fromRevision: END });
  });

  it('passes a revision and a limit through', () => {
    expect(planStreamRead({ fromRevision: 7, maxCount: 3 })).toEqual({ kind: 'read', direction: FORWARDS, fromRevision: 7n, maxCount: 3 });
    expect(planStreamRead({ direction: 'backwards', fromRevision: 3 })).toEqual({ kind: 'read', direction: BACKWARDS, fromRevision: 3n });
  });

  it('reads nothing for a zero limit or backwards from before the first revision; forwards from there reads it all', () => {
    expect(planStreamRead({ maxCount: 0 })).toEqual({ kind: 'empty' });
    expect(planStreamRead({ direction: 'backwards', fromRevision: -1 })).toEqual({ kind: 'empty' });
    expect(planStreamRead({ fromRevision: -4 })).toEqual({ kind: 'read', direction: FORWARDS, fromRevision: START });
  });

  it('refuses malformed options', () => {
    expect(() => planStreamRead({ maxCount: -1 })).toThrow(RangeError);
    expect(() => planStreamRead({ maxCount: 2.5 })).toThrow(RangeError);
    expect(() => planStreamRead({ fromRevision: 0.5 })).toThrow(RangeError);
  });
});

describe('events in and out', () => {
  it('sends a validated event as JSON with our id and the exact metadata bytes', () => {
    const [serialized] = serializeAppend('order-1', [{ id: ID.toUpperCase(), type: 'Placed', data: { total: 3, note: 'é' }, metadata: { actor: 'a' } }]);
    const data = toEventData(serialized!);
    expect(data).toMatchObject({ id: ID, contentType: 'application/json', type: 'Placed', data: { total: 3, note: 'é' } });
    expect(data.metadata).toBeInstanceOf(Uint8Array);
    // The client sends a Uint8Array metadata as is only when it is exactly a Uint8Array (not a Buffer).
    expect((data.metadata as Uint8Array).constructor).toBe(Uint8Array);
    expect(Buffer.from(data.metadata as Uint8Array).toString('utf8')).toBe('{"actor":"a"}');
    expect(JSON.stringify(data.data)).toBe(serialized!.data);
  });

  it('reads a recorded event into the port shape', () => {
    const recorded = {
      streamId: 'order-1',
      id: ID.toUpperCase(),
      isJson: true,
      revision: 4n,
      type: 'Placed',
      created: new Date('2026-11-21T10:00:00.123Z'),
      data: { total: 3 },
      metadata: { correlationId: 'c-1' },
      position: { commit: 9000n, prepare: 9000n },
    } as EsdbRecordedEvent;
    expect(toRecordedEvent(recorded)).toEqual({
      id: ID,
      streamId: 'order-1',
      revision: 4,
      position: 9000,
      type: 'Placed',
      data: { total: 3 },
      metadata: { correlationId: 'c-1' },
      recordedAt: '2026-11-21T10:00:00.123Z',
    });
  });

  it('decodes bytes written by other tools as JSON when they are, and metadata always as an object', () => {
    expect(decodeData(new TextEncoder().encode('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
    expect(decodeData(new TextEncoder().encode('not json'))).toBe('not json');
    expect(decodeData('already parsed')).toBe('already parsed');
    expect(decodeMetadata(undefined)).toEqual({});
    expect(decodeMetadata([1])).toEqual({});
    expect(decodeMetadata(new TextEncoder().encode('{"k":1}'))).toEqual({ k: 1 });
  });
});
