import { InvalidEventError } from '../port';
import type { NewEvent } from '../port';
import { chainEvents, linkHashOf } from './chain';
import { hashEvent, readIntegrity } from './event-hash';

const event = (n: number, metadata: Record<string, unknown> = { commandId: `c-${n}` }): NewEvent => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  type: 'TallyIncremented',
  data: { by: n },
  metadata,
});
const integrityOf = (e: NewEvent) => e.metadata['integrity'] as { alg: string; prev: string | null; hash: string };

describe('hashEvent', () => {
  it('is SHA-256 over the canonical JSON of {streamId, revision, type, data, metadata without integrity, prev} (pinned)', () => {
    // Reproducible by hand:
    //   printf '%s' '{"data":{"customerId":"1","name":"Contoso"},"metadata":{"commandId":"c-1","occurredAt":"2025-01-01T00:00:00.000Z","schemaVersion":1},"prev":null,"revision":0,"streamId":"customer-1","type":"CustomerRegistered"}' | sha256sum
    // Changing this value would make every stored chain fail verification: never change the format in place.
    const content = {
      streamId: 'customer-1',
      revision: 0,
      type: 'CustomerRegistered',
      data: { name: 'Contoso', customerId: '1' },
      metadata: { schemaVersion: 1, occurredAt: '2025-01-01T00:00:00.000Z', commandId: 'c-1' },
      prev: null,
    };
    expect(hashEvent(content)).toBe('c9f8a99bfa9846a4a1f12b314eea9b7e7610e00d6919a1552d3b13c71101d533');
    // The integrity entry itself is not hashed.
    expect(hashEvent({ ...content, metadata: { ...content.metadata, integrity: { alg: 'sha256', prev: null, hash: 'x' } } })).toBe(hashEvent(content));
  });

  it('changes with every covered field', () => {
    const base = { streamId: 's-1', revision: 3, type: 'T', data: { a: 1 }, metadata: { m: 1 }, prev: 'a'.repeat(64) };
    const variants = [
      { ...base, streamId: 's-2' },
      { ...base, revision: 4 },
      { ...base, type: 'U' },
      { ...base, data: { a: 2 } },
      { ...base, metadata: { m: 2 } },
      { ...base, prev: 'b'.repeat(64) },
      { ...base, prev: null },
    ];
    const hashes = new Set([base, ...variants].map(hashEvent));
    expect(hashes.size).toBe(variants.length + 1);
  });
});

describe('chainEvents', () => {
  it('starts a new stream at revision 0 with prev null and links each event to the one before', () => {
    const chained = chainEvents('tally-1', null, [event(1), event(2), event(3)]);
    expect(chained.map((e) => integrityOf(e).prev)).toEqual([null, integrityOf(chained[0]!).hash, integrityOf(chained[1]!).hash]);
    chained.forEach((e, revision) => {
      expect(integrityOf(e)).toEqual({
        alg: 'sha256',
        prev: integrityOf(e).prev,
        hash: hashEvent({ streamId: 'tally-1', revision, type: e.type, data: e.data, metadata: e.metadata, prev: integrityOf(e).prev }),
      });
    });
  });

  it('continues from the last recorded event: its revision + 1, linked to its hash', () => {
    const [first, second] = chainEvents('tally-1', null, [event(1), event(2)]);
    const last = { streamId: 'tally-1', revision: 1, type: second!.type, data: second!.data, metadata: second!.metadata };
    const [third] = chainEvents('tally-1', last, [event(3)]);
    expect(integrityOf(third!).prev).toBe(integrityOf(second!).hash);
    expect(integrityOf(third!).hash).toBe(hashEvent({ ...last, revision: 2, type: third!.type, data: third!.data, metadata: third!.metadata, prev: integrityOf(second!).hash }));
    expect(integrityOf(first!).prev).toBeNull();
  });

  it('links to an event without integrity by the hash of its content with no predecessor', () => {
    const legacy = { streamId: 'tally-1', revision: 4, type: 'TallyOpened', data: { name: 'n' }, metadata: { commandId: 'old' } };
    const [next] = chainEvents('tally-1', legacy, [event(1)]);
    expect(integrityOf(next!).prev).toBe(hashEvent({ ...legacy, prev: null }));
    expect(linkHashOf(legacy)).toBe(integrityOf(next!).prev);
  });

  it('replaces an integrity entry already in the input and leaves the input untouched', () => {
    const input = event(1, { commandId: 'c', integrity: { alg: 'sha256', prev: null, hash: 'f'.repeat(64) } });
    const snapshot = structuredClone(input);
    const [chained] = chainEvents('tally-1', null, [input]);
    expect(integrityOf(chained!).hash).not.toBe('f'.repeat(64));
    expect(readIntegrity(chained!.metadata).status).toBe('chained');
    expect(input).toEqual(snapshot);
    expect(Object.keys(chained!.metadata)).toEqual(['commandId', 'integrity']);
  });

  it('refuses data JSON cannot carry with the store\'s InvalidEventError', () => {
    expect(() => chainEvents('tally-1', null, [{ ...event(1), data: { by: Number.NaN } }])).toThrow(InvalidEventError);
  });

  it('refuses a last event of another stream', () => {
    expect(() => chainEvents('tally-1', { streamId: 'tally-2', revision: 0, type: 'T', data: {}, metadata: {} }, [event(1)])).toThrow(RangeError);
  });
});

describe('readIntegrity', () => {
  it('tells chained, absent and malformed apart', () => {
    const hash = 'a'.repeat(64);
    expect(readIntegrity({ integrity: { alg: 'sha256', prev: null, hash } })).toEqual({ status: 'chained', integrity: { alg: 'sha256', prev: null, hash } });
    expect(readIntegrity({})).toEqual({ status: 'absent' });
    expect(readIntegrity({ integrity: 'x' }).status).toBe('malformed');
    expect(readIntegrity({ integrity: { alg: 'md5', prev: null, hash } }).status).toBe('malformed');
    expect(readIntegrity({ integrity: { alg: 'sha256', prev: null, hash: 'ABC' } }).status).toBe('malformed');
    expect(readIntegrity({ integrity: { alg: 'sha256', prev: 7, hash } }).status).toBe('malformed');
  });
});
