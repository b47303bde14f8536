import { randomUUID } from 'node:crypto';
import { MAX_JSON_DEPTH, serializeAppend } from './append-validation';
import { InvalidEventError } from './port';
import type { NewEvent } from './port';

const event = (data: unknown, metadata: Record<string, unknown> = {}): NewEvent => ({ id: randomUUID(), type: 'Checked', data, metadata });

function refusal(events: readonly NewEvent[]): InvalidEventError {
  try {
    serializeAppend('checks-1', events);
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('The append was accepted.');
}

describe('append validation', () => {
  it('names the event and the path of the offending value', () => {
    expect(refusal([event({ ok: 1 }), event({ lines: [{ qty: 1 }, { qty: Number.NaN }] })]).message).toBe(
      'event #1 (Checked) data.lines[1].qty: NaN is not a JSON number.',
    );
    expect(refusal([event({}, { actor: { since: new Date(0) } })]).message).toMatch(/^event #0 \(Checked\) metadata\.actor\.since: a Date instance/);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, accepts it up to the limit`, () => {
    const nest = (levels: number): unknown => Array.from({ length: levels }).reduce<unknown>((inner) => [inner], 0);
    expect(() => serializeAppend('checks-1', [event(nest(MAX_JSON_DEPTH))])).not.toThrow();
    expect(refusal([event(nest(MAX_JSON_DEPTH + 1))]).reason).toBe('not-json');
  });

  it('accepts a value shared twice (not a cycle) and objects without a prototype', () => {
    const shared = { currency: 'EUR' };
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const [serialized] = serializeAppend('checks-1', [event({ price: shared, cost: shared, bare })]);
    expect(JSON.parse(serialized!.data)).toEqual({ price: { currency: 'EUR' }, cost: { currency: 'EUR' }, bare: { a: 1 } });
  });

  it('serializes ids in lower case', () => {
    const id = randomUUID();
    expect(serializeAppend('checks-1', [{ ...event({}), id: id.toUpperCase() }])[0]!.id).toBe(id);
  });
});
