import { randomUUID } from 'node:crypto';
import { MAX_EVENT_BYTES, serializeAppend } from '../append-validation';
import { InvalidEventError } from '../port';
import type { NewEvent } from '../port';
import { ESDB_MAX_APPEND_BYTES, assertAppendFits, checkAlreadyAppended, esdbAppendBytes, esdbEventBytes } from './esdb-append';

const event = (data: unknown, type = 'Happened'): NewEvent => ({ id: randomUUID(), type, data, metadata: {} });

describe('append size as EventStoreDB counts it', () => {
  it('is data plus metadata bytes plus twice the type length', () => {
    const [serialized] = serializeAppend('order-1', [{ ...event({ note: 'é' }, 'Placed'), metadata: { a: 1 } }]);
    // {"note":"é"} is 13 bytes (é takes two), {"a":1} is 7, "Placed" counts 12.
    expect(esdbEventBytes(serialized!)).toBe(13 + 7 + 12);
    expect(esdbAppendBytes([serialized!, serialized!])).toBe(64);
  });

  it('lets the largest single event the port accepts through, and refuses an append over the limit without splitting it', () => {
    const justUnder = serializeAppend('big-1', [event('x'.repeat(MAX_EVENT_BYTES - 1024))]);
    expect(() => assertAppendFits('big-1', justUnder, ESDB_MAX_APPEND_BYTES)).not.toThrow();

    const threeHalves = serializeAppend('big-1', [event('x'.repeat(400_000)), event('x'.repeat(400_000)), event('x'.repeat(400_000))]);
    let refusal: unknown;
    try {
      assertAppendFits('big-1', threeHalves, ESDB_MAX_APPEND_BYTES);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(InvalidEventError);
    expect(refusal).toMatchObject({ reason: 'too-large' });
    expect((refusal as Error).message).toMatch(/3 event\(s\) to big-1 is \d+ bytes .* at most 1048576/);
    expect(() => assertAppendFits('big-1', threeHalves, 4 * ESDB_MAX_APPEND_BYTES)).not.toThrow();
  });
});

describe('checkAlreadyAppended (a retried append)', () => {
  const place = (id: string, revision: number): { id: string; revision: number; position: number } => ({ id, revision, position: 1000 + revision * 10 });
  const [a, b, c, d] = ['a1', 'b2', 'c3', 'd4'].map((s) => `${s}000000-0000-4000-8000-000000000000`);
  const stored = [place(a!, 4), place(b!, 5), place(c!, 6)];

  it('is absent when none of the ids is stored', () => {
    expect(checkAlreadyAppended([d!], stored)).toEqual({ kind: 'absent' });
    expect(checkAlreadyAppended([d!], [])).toEqual({ kind: 'absent' });
  });

  it('is the original result when every id is stored consecutively in order (the whole append or a prefix)', () => {
    expect(checkAlreadyAppended([a!, b!, c!], stored)).toEqual({ kind: 'appended', result: { nextExpectedRevision: 6, position: 1060 } });
    expect(checkAlreadyAppended([a!, b!], stored)).toEqual({ kind: 'appended', result: { nextExpectedRevision: 5, position: 1050 } });
    expect(checkAlreadyAppended([b!], [...stored].reverse())).toEqual({ kind: 'appended', result: { nextExpectedRevision: 5, position: 1050 } });
    expect(checkAlreadyAppended([a!.toLowerCase()], stored.map((p) => ({ ...p, id: p.id.toUpperCase() })))).toMatchObject({ kind: 'appended' });
  });

  it('is a conflict for another order, a gap, or only some of the ids', () => {
    expect(checkAlreadyAppended([b!, a!], stored)).toEqual({ kind: 'conflict', eventId: b });
    expect(checkAlreadyAppended([a!, c!], stored)).toEqual({ kind: 'conflict', eventId: a });
    expect(checkAlreadyAppended([c!, d!], stored)).toEqual({ kind: 'conflict', eventId: c });
    expect(checkAlreadyAppended([d!, a!], stored)).toEqual({ kind: 'conflict', eventId: a });
  });
});
