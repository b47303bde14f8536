import { ConcurrencyError, createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { streams } from '@ledger/kernel';
import { type EnrollPartner, executeEnrollPartner, tenantRegistryStream } from '@ledger/partners';
import type { RegisterCustomer } from '../customer/customer.commands';
import { DomainError } from '@ledger/kernel';
import { contextFor, customerAdmin, ids, partnerUser, users } from '../testing/customer-fixtures';
import { newEvents, seedPartner } from '../testing/store-fixtures';
import { executeRegisterCustomer } from './register-customer.execute';

const register = (customerId: string, actor = partnerUser(ids.reseller, users.salesAgent)): RegisterCustomer => ({
  type: 'RegisterCustomer',
  data: { customerId, companyName: 'Contoso', domain: 'contoso.example', country: 'US', cloud: 'global' },
  context: contextFor(actor, { commandId: `register-${customerId}-${Math.random()}` }),
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

describe('executeRegisterCustomer (SQLite store)', () => {
  let store: EventStore;
  beforeEach(async () => {
    store = createSqliteEventStore({ path: ':memory:' });
    await seedPartner(store, ids.reseller, 'indirect-reseller');
  });
  afterEach(() => store.close());

  it('appends CustomerTenantRegistered to the tenant registry, then CustomerRegistered to a new customer stream', async () => {
    const result = await executeRegisterCustomer(store, register(ids.customer));
    expect(result.events.map((e) => e.type)).toEqual(['CustomerRegistered']);
    const customerStream = await store.readStream(streams.customer(ids.customer));
    expect(customerStream.map((e) => e.type)).toEqual(['CustomerRegistered']);
    expect(customerStream[0]?.metadata).toMatchObject({ actor: { kind: 'partner', tenantId: ids.reseller, userId: users.salesAgent } });
    const tenant = await store.readStream(tenantRegistryStream(ids.customer));
    expect(tenant.map((e) => [e.type, e.data])).toEqual([['CustomerTenantRegistered', { tenantId: ids.customer, customerId: ids.customer }]]);
  });

  it("refuses an enrolled partner's CSP tenant and appends nothing anywhere", async () => {
    await seedPartner(store, ids.direct, 'direct-provider');
    const head = await store.headPosition();
    const error = await failure(executeRegisterCustomer(store, register(ids.direct)));
    expect(error.code).toBe('csp-partner-cannot-resell-to-csp-partner');
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a second registration (already-registered), appending nothing', async () => {
    await executeRegisterCustomer(store, register(ids.customer));
    const head = await store.headPosition();
    const error = await failure(executeRegisterCustomer(store, register(ids.customer, customerAdmin(ids.customer))));
    expect(error.code).toBe('already-registered');
    expect(await store.headPosition()).toBe(head);
  });

  it('an enrollment of the same tenant racing with the registration conflicts; the retry sees it and refuses', async () => {
    // A store that lets a racing EnrollPartner reserve the tenant just before our registry append.
    let raced = false;
    const racing: EventStore = {
      ...store,
      readStream: store.readStream.bind(store),
      readAll: store.readAll.bind(store),
      headPosition: store.headPosition.bind(store),
      subscribeToAll: store.subscribeToAll.bind(store),
      close: store.close.bind(store),
      async append(streamId, events, options) {
        if (streamId === tenantRegistryStream(ids.customer) && !raced) {
          raced = true;
          await store.append(streamId, newEvents([{ type: 'CspTenantReserved', data: { tenantId: ids.customer, partnerId: ids.customer } }]), {
            expectedRevision: 'any',
          });
        }
        return store.append(streamId, events, options);
      },
    };
    const error = await failure(executeRegisterCustomer(racing, register(ids.customer)));
    expect(raced).toBe(true);
    expect(error.code).toBe('csp-partner-cannot-resell-to-csp-partner');
    expect(await store.readStream(streams.customer(ids.customer))).toEqual([]);
    expect((await store.readStream(tenantRegistryStream(ids.customer))).map((e) => e.type)).toEqual(['CspTenantReserved']);
  });

  it('really concurrent with executeEnrollPartner of the same tenant: never a customer registered after the tenant was reserved', async () => {
    for (let round = 0; round < 20; round += 1) {
      const tenantId = `7e7e7e7e-0000-4000-8000-${String(round).padStart(12, '0')}`;
      const enroll: EnrollPartner = {
        type: 'EnrollPartner',
        data: {
          partnerId: tenantId,
          partnerType: 'direct-provider',
          mpnId: String(2000000 + round),
          cloud: 'global',
          tenantCountry: 'US',
          legalProfile: { name: 'Fabrikam', address: '1 Main St', country: 'US' },
          primaryContact: { name: 'Fay', email: 'fay@fabrikam.example', phone: '+1 555 0100' },
          supportContact: { email: 'support@fabrikam.example', phone: '+1 555 0101' },
        },
        context: contextFor({ kind: 'partner', tenantId, userId: 'fay', roles: ['global-admin'] }, { commandId: `enroll-${round}` }),
      };
      const racers = [executeRegisterCustomer(store, register(tenantId)), executeEnrollPartner(store, enroll)];
      const [registration, enrollment] = await Promise.allSettled(round % 2 === 0 ? racers : [...racers].reverse());
      const registered = (round % 2 === 0 ? registration : enrollment)!;
      const enrolled = (round % 2 === 0 ? enrollment : registration)!;
      expect(enrolled.status).toBe('fulfilled');
      const tenantFacts = (await store.readStream(tenantRegistryStream(tenantId))).map((e) => e.type);
      const customerEvents = await store.readStream(streams.customer(tenantId));
      if (registered.status === 'fulfilled') {
        // The registration checked the tenant before the reservation: its fact comes first.
        expect(customerEvents.map((e) => e.type)).toEqual(['CustomerRegistered']);
        expect(tenantFacts.indexOf('CustomerTenantRegistered')).toBeLessThan(tenantFacts.indexOf('CspTenantReserved'));
      } else {
        expect(registered.reason).toMatchObject({ code: 'csp-partner-cannot-resell-to-csp-partner' });
        expect(customerEvents).toEqual([]);
        expect(tenantFacts).toEqual(['CspTenantReserved']);
      }
    }
  });

  it('two racing registrations of the same customer: exactly one succeeds', async () => {
    const outcomes = await Promise.allSettled([
      executeRegisterCustomer(store, register(ids.customer)),
      executeRegisterCustomer(store, register(ids.customer, customerAdmin(ids.customer))),
    ]);
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(DomainError);
    expect((refused[0] as DomainError).code).toBe('already-registered');
    expect((await store.readStream(streams.customer(ids.customer))).map((e) => e.type)).toEqual(['CustomerRegistered']);
  });

  it('gives up with a ConcurrencyError when it keeps losing the tenant race', async () => {
    const alwaysLosing: EventStore = {
      ...store,
      readStream: store.readStream.bind(store),
      readAll: store.readAll.bind(store),
      headPosition: store.headPosition.bind(store),
      subscribeToAll: store.subscribeToAll.bind(store),
      close: store.close.bind(store),
      async append(streamId, events, options) {
        if (streamId === tenantRegistryStream(ids.customer)) throw new ConcurrencyError(streamId, options.expectedRevision, 99);
        return store.append(streamId, events, options);
      },
    };
    await expect(executeRegisterCustomer(alwaysLosing, register(ids.customer))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(streams.customer(ids.customer))).toEqual([]);
  });
});
