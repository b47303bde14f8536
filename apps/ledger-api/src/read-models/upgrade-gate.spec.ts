import { ProblemException } from '../errors/problem-details';
import { UpgradeGate } from './upgrade-gate';

describe('UpgradeGate: queries of a projection whose rebuild for a new version has not swapped in', () => {
  const gate = (): UpgradeGate => new UpgradeGate(new Map([['customer-lists', 2], ['partners', 1]]));

  it('lets every query through when each projection serves tables of the code’s version (or has none yet)', () => {
    const upgrades = gate();
    upgrades.update(new Map([['customer-lists', 2]]));
    expect(upgrades.upgrading).toBe(false);
    expect(() => upgrades.assertReadable(['customer-lists', 'partners'])).not.toThrow();
  });

  it('refuses queries that read a projection serving another version with 503 unavailable and Retry-After; others pass', () => {
    const upgrades = gate();
    upgrades.update(new Map([['customer-lists', 1], ['partners', 1]]));
    expect(upgrades.upgrading).toBe(true);
    expect(upgrades.describe()).toEqual({ 'customer-lists': 1 });
    expect(() => upgrades.assertReadable(['partners'])).not.toThrow();

    let refused: unknown;
    try {
      upgrades.assertReadable(['partners', 'customer-lists']);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ProblemException);
    const exception = refused as ProblemException;
    expect(exception.problem).toMatchObject({ status: 503, code: 'unavailable', details: { projections: ['customer-lists'] } });
    expect(exception.problem.detail).toContain('customer-lists version 1 → 2');
    expect(exception.headers).toEqual({ 'retry-after': '5' });
  });

  it('opens once the rebuild swapped in', () => {
    const upgrades = gate();
    upgrades.update(new Map([['customer-lists', 1]]));
    upgrades.update(new Map([['customer-lists', 2]]));
    expect(upgrades.upgrading).toBe(false);
    expect(() => upgrades.assertReadable(['customer-lists'])).not.toThrow();
  });
});
