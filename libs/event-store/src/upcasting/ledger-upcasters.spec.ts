import { randomUUID } from 'node:crypto';
import { type CustomerRegistered, executeRegisterCustomer } from '@ledger/customers';
import { streams } from '@ledger/kernel';
import { customerAdminActor, LedgerSeed, partnerActor, seedContext, SEEDED_PARTNER_USERS } from '../../../../test/support/customer-seed';
import type { EventStore, RecordedEvent } from '../port';
import { createSqliteEventStore } from '../sqlite/sqlite-event-store';
import { type CustomerRegisteredDataV1, type CustomerRegisteredDataV2, customerRegisteredV1ToV2, LEDGER_UPCASTERS } from './ledger-upcasters';
import { withUpcasting } from './with-upcasting';

// Compile-time checks (tsc runs over specs): a version-1 event is assignable to the domain type,
// and the upcaster's output is the domain's current type with `registeredBy` always set.
const writtenToday: CustomerRegistered['data'] = { customerId: 'c', companyName: 'n', domain: 'd', country: 'US', cloud: 'global' };
const readAsVersion1: CustomerRegisteredDataV1 = writtenToday;
const currentShape: CustomerRegistered['data'] & { registeredBy: 'partner' | 'customer' } = { ...readAsVersion1, registeredBy: 'customer' } satisfies CustomerRegisteredDataV2;

describe('CustomerRegistered 1 → 2 (registeredBy)', () => {
  let raw: EventStore;
  let store: EventStore;
  beforeEach(() => {
    raw = createSqliteEventStore({ path: ':memory:' });
    store = withUpcasting(raw, LEDGER_UPCASTERS);
  });
  afterEach(() => store.close());

  async function registeredEvent(from: EventStore, customerId: string): Promise<RecordedEvent> {
    const [event] = await from.readStream(streams.customer(customerId), { maxCount: 1 });
    expect(event?.type).toBe('CustomerRegistered');
    return event!;
  }

  it('given a customer that registered itself with the version-1 writer, readers see registeredBy customer', async () => {
    // The old shape, kept as the log holds it: written before version 2 existed.
    const customerId = randomUUID();
    const version1: CustomerRegisteredDataV1 = { customerId, companyName: 'Contoso', domain: 'contoso.onmicrosoft.com', country: 'US', cloud: 'global' };
    await raw.append(streams.customer(customerId), [{ id: randomUUID(), type: 'CustomerRegistered', data: version1, metadata: { schemaVersion: 1 } }], {
      expectedRevision: 'no-stream',
    });

    const read = await registeredEvent(store, customerId);
    expect(read.metadata.schemaVersion).toBe(2);
    expect(read.data).toEqual({ ...version1, registeredBy: 'customer' });
  });

  it("today's writer records version 2 natively, which readers see unchanged", async () => {
    const customerId = randomUUID();
    await executeRegisterCustomer(raw, {
      type: 'RegisterCustomer',
      data: { customerId, companyName: 'Contoso', domain: 'contoso.onmicrosoft.com', country: 'US', cloud: 'global' },
      context: seedContext(customerAdminActor(customerId)),
    });

    const stored = await registeredEvent(raw, customerId);
    expect(stored.metadata.schemaVersion).toBe(2);
    expect(stored.data).toMatchObject({ customerId, registeredBy: 'customer' });
    expect((await registeredEvent(store, customerId)).data).toEqual(stored.data);
  });

  it('given a customer registered by a partner’s seller, readers see registeredBy partner (catching up and live)', async () => {
    const seed = new LedgerSeed(raw);
    const { partnerId } = await seed.partner();
    const subscription = store.subscribeToAll({ after: await raw.headPosition(), filter: { eventTypes: ['CustomerRegistered'] } });
    const customerId = randomUUID();
    await executeRegisterCustomer(raw, {
      type: 'RegisterCustomer',
      data: { customerId, companyName: 'Fabrikam', domain: 'fabrikam.onmicrosoft.com', country: 'US', cloud: 'global' },
      context: seedContext(partnerActor(partnerId, SEEDED_PARTNER_USERS.salesAgent)),
    });

    const { value } = await subscription[Symbol.asyncIterator]().next();
    await subscription.close();
    expect(value.data).toMatchObject({ customerId, registeredByPartnerId: partnerId, registeredBy: 'partner' });
    expect((await registeredEvent(store, customerId)).data).toMatchObject({ registeredBy: 'partner' });
  });

  it('is registered in LEDGER_UPCASTERS, making CustomerRegistered version 2 and nothing else versioned', () => {
    expect(LEDGER_UPCASTERS.currentVersionOf('CustomerRegistered')).toBe(2);
    expect(LEDGER_UPCASTERS.versionedTypes().map((entry) => entry.eventType)).toEqual(['CustomerRegistered']);
    expect(customerRegisteredV1ToV2.upcast({ ...writtenToday, registeredByPartnerId: 'p' }, {} as RecordedEvent).registeredBy).toBe('partner');
    expect(customerRegisteredV1ToV2.upcast(writtenToday, {} as RecordedEvent)).toEqual(currentShape);
  });
});
