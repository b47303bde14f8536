import { fold } from '@ledger/kernel';
import { generatedCustomerStream } from '../testing/generated-customer-stream';
import { ids } from '../testing/customer-fixtures';
import type { CustomerEvent } from './customer.events';
import { evolveCustomer } from './customer.evolve';
import { CustomerFolder, foldCustomer } from './customer.fold';
import { initialCustomerState } from './customer.state';

/*
 * foldCustomer hands evolveCustomer only the entries each event names. This checks it against the
 * plain fold, on every prefix of generated streams: a change to evolveCustomer that reads or
 * writes other entries shows here.
 */
describe('foldCustomer gives the state of folding the whole state with evolveCustomer', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('on generated stream %i, at every length', (seed) => {
    const events = generatedCustomerStream(seed, 120, ids.customer) as CustomerEvent[];
    for (let length = 0; length <= events.length; length += 1) {
      const prefix = events.slice(0, length);
      const folded = foldCustomer(prefix);
      const plain = fold(evolveCustomer, initialCustomerState, prefix);
      expect({ seed, length, folded }).toEqual({ seed, length, folded: plain });
      expect(Object.keys(folded)).toEqual(Object.keys(plain));
    }
  });

  it('apply says whether the event changed the state, as evolveCustomer returning its input does', () => {
    const events = generatedCustomerStream(42, 200, ids.customer) as CustomerEvent[];
    const folder = new CustomerFolder();
    let plain = initialCustomerState;
    for (const [index, event] of events.entries()) {
      const next = evolveCustomer(plain, event);
      expect({ index, changed: folder.apply(event) }).toEqual({ index, changed: next !== plain });
      plain = next;
    }
    expect(folder.state).toEqual(plain);
  });
});
