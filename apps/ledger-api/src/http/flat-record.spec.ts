import { isFlatRecord, stripFlatRecordProtoKeys } from './flat-record';

describe('flat records (paths and query strings)', () => {
  it('are plain or prototype-less objects holding primitives only', () => {
    const query = Object.assign(Object.create(null) as Record<string, unknown>, { limit: '100', status: 'retained' });
    expect(isFlatRecord({ customerId: 'c', limit: 3, flag: true, none: null, missing: undefined })).toBe(true);
    expect(isFlatRecord({})).toBe(true);
    expect(isFlatRecord(query)).toBe(true);

    expect(isFlatRecord({ partnerId: ['a', 'b'] })).toBe(false);
    expect(isFlatRecord({ nested: { a: 1 } })).toBe(false);
    expect(isFlatRecord({ when: new Date(0) })).toBe(false);
    expect(isFlatRecord({ bytes: Buffer.from('x') })).toBe(false);
    expect(isFlatRecord({ call: () => 1 })).toBe(false);
    expect(isFlatRecord([])).toBe(false);
    expect(isFlatRecord(new (class Dto {})())).toBe(false);
    expect(isFlatRecord(new Date(0))).toBe(false);
    expect(isFlatRecord('text')).toBe(false);
    expect(isFlatRecord(null)).toBe(false);
    expect(isFlatRecord(undefined)).toBe(false);
  });

  it("lose their own __proto__, prototype and constructor keys and keep every other key, as Nest's stripProtoKeys leaves them", () => {
    const parsed = JSON.parse('{"__proto__":"x","prototype":"y","constructor":"z","customerId":"c","limit":"5"}') as Record<string, unknown>;
    expect(isFlatRecord(parsed)).toBe(true);
    stripFlatRecordProtoKeys(parsed);
    expect(Object.keys(parsed)).toEqual(['customerId', 'limit']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.constructor).toBe(Object);

    const query = Object.assign(Object.create(null) as Record<string, unknown>, { ['__proto__']: 'x', constructor: 'z', status: 'active' });
    stripFlatRecordProtoKeys(query);
    expect(Object.keys(query)).toEqual(['status']);
    expect(Object.getPrototypeOf(query)).toBeNull();

    const untouched = { a: '1' };
    stripFlatRecordProtoKeys(untouched);
    expect(untouched).toEqual({ a: '1' });
  });
});
