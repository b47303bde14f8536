import { type EventStore, StoreUnavailableError, createSqliteEventStore } from '@ledger/event-store';
import type { DomainError } from '@ledger/kernel';
import { handleCommand } from '@ledger/event-store';
import { mpnRegistryStream } from '../mpn-registry/mpn-registry.events';
import { loadPartnerState, loadStreamState } from '../partner/partner.store';
import { partnerStream } from '../partner/partner.events';
import {
  contextOf,
  enrolled,
  enrollingUserOf,
  enrollmentData,
  ids,
  partnerActor,
} from '../testing/partner-fixtures.test-support';
import { type TenantRegistryEvent, tenantRegistryStream } from '../tenant-registry/tenant-registry.events';
import { evolveTenantRegistry } from '../tenant-registry/tenant-registry.evolve';
import { isCspPartnerTenant } from '../tenant-registry/tenant-registry.rules';
import { type TenantRegistryState, initialTenantRegistryState } from '../tenant-registry/tenant-registry.state';
import type { EnrollPartner, EnrollPartnerData } from './enroll-partner.decide';
import { executeEnrollPartner } from './enroll-partner.execute';

const enrollCommand = (partnerId: string, overrides: Partial<EnrollPartnerData> = {}, commandId?: string): EnrollPartner => ({
  type: 'EnrollPartner',
  data: enrollmentData(partnerId, overrides),
  context: contextOf(partnerActor(partnerId, enrollingUserOf(partnerId), ['global-admin']), commandId),
});

const typesIn = async (store: EventStore, streamId: string) => (await store.readStream(streamId)).map((event) => event.type);

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the command to be refused');
}

describe('executeEnrollPartner (SQLite store)', () => {
  let store: EventStore;
  beforeEach(() => {
    store = createSqliteEventStore({ path: ':memory:', durable: false });
  });
  afterEach(async () => {
    await store.close();
  });

  it('reserves the MPN id and the tenant, then records the enrollment', async () => {
    const command = enrollCommand(ids.reseller);
    const result = await executeEnrollPartner(store, command);

    expect(result.events).toEqual(enrolled(ids.reseller));
    expect(await typesIn(store, mpnRegistryStream('1234567'))).toEqual(['MpnIdReserved']);
    expect(await typesIn(store, tenantRegistryStream(ids.reseller))).toEqual(['CspTenantReserved']);
    expect(await typesIn(store, partnerStream(ids.reseller))).toEqual(['PartnerEnrollmentSubmitted', 'PartnerUserAdded']);
    expect(result.position).toBe(await store.headPosition());
    const [reservation] = await store.readStream(mpnRegistryStream('1234567'));
    expect(reservation?.metadata).toMatchObject({
      correlationId: command.context.correlationId,
      causationId: command.context.commandId,
      actor: { kind: 'partner', tenantId: ids.reseller },
    });
    expect((await loadPartnerState(store, ids.reseller)).status).toBe('pending');
  });

  it('mpn-id-in-use when another partner holds the MPN id; nothing is appended', async () => {
    await executeEnrollPartner(store, enrollCommand(ids.reseller));
    const head = await store.headPosition();

    const error = await failure(executeEnrollPartner(store, enrollCommand(ids.provider)));

    expect(error).toMatchObject({ code: 'mpn-id-in-use', kind: 'conflict' });
    expect(await store.headPosition()).toBe(head);
  });

  it('the partner’s own rules come first: already-enrolled wins over mpn-id-in-use, webmail refuses before any reservation', async () => {
    await executeEnrollPartner(store, enrollCommand(ids.reseller));
    await executeEnrollPartner(store, enrollCommand(ids.provider, { mpnId: '7777777' }));
    const head = await store.headPosition();

    expect(await failure(executeEnrollPartner(store, enrollCommand(ids.provider, { mpnId: '1234567' })))).toMatchObject({
      code: 'already-enrolled',
    });
    expect(
      await failure(
        executeEnrollPartner(store, enrollCommand(ids.otherProvider, { primaryContact: { name: 'x', email: 'x@gmail.com', phone: '1' } })),
      ),
    ).toMatchObject({ code: 'webmail-not-accepted' });
    expect(await store.headPosition()).toBe(head);
  });

  it('race: two partners enrolling with one MPN id — exactly one wins, the other gets mpn-id-in-use', async () => {
    for (let round = 0; round < 10; round++) {
      const mpnId = String(5_000_000 + round);
      const contenders = [ids.reseller, ids.provider, ids.otherProvider, ids.otherReseller].map((id) =>
        id.replace(/.{2}$/, round.toString(16).padStart(2, '0')),
      );
      const outcomes = await Promise.allSettled(contenders.map((id) => executeEnrollPartner(store, enrollCommand(id, { mpnId }))));

      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(winners).toHaveLength(1);
      expect(losers.map((loser) => (loser.reason as DomainError).code)).toEqual(['mpn-id-in-use', 'mpn-id-in-use', 'mpn-id-in-use']);
      const reservations = await store.readStream(mpnRegistryStream(mpnId));
      expect(reservations).toHaveLength(1);
      const winner = contenders[outcomes.findIndex((outcome) => outcome.status === 'fulfilled')]!;
      expect(reservations[0]?.data).toEqual({ mpnId, partnerId: winner });
      for (const loser of contenders.filter((id) => id !== winner)) {
        expect(await typesIn(store, partnerStream(loser))).toEqual([]);
      }
    }
  });

  it('race: the same partner enrolling twice at once — one enrollment, one already-enrolled, one reservation each', async () => {
    const outcomes = await Promise.allSettled([
      executeEnrollPartner(store, enrollCommand(ids.reseller)),
      executeEnrollPartner(store, enrollCommand(ids.reseller)),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'already-enrolled' });
    expect(await typesIn(store, mpnRegistryStream('1234567'))).toEqual(['MpnIdReserved']);
    expect(await typesIn(store, tenantRegistryStream(ids.reseller))).toEqual(['CspTenantReserved']);
    expect(await typesIn(store, partnerStream(ids.reseller))).toEqual(['PartnerEnrollmentSubmitted', 'PartnerUserAdded']);
  });

  it('a retry after a crash between the reservations and the partner events completes the enrollment', async () => {
    const command = enrollCommand(ids.reseller);
    const crashing = failingAppendsTo(store, partnerStream(ids.reseller));
    await expect(executeEnrollPartner(crashing, command)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await typesIn(store, partnerStream(ids.reseller))).toEqual([]);

    const completed = await executeEnrollPartner(store, command);
    // Retrying the very same command once more answers its recorded result and changes nothing;
    // a new command is already-enrolled.
    expect(await executeEnrollPartner(store, command)).toEqual(completed);
    const again = { ...command, context: { ...command.context, commandId: 'c0000000-0000-4000-8000-0000000000ff' } };
    expect(await failure(executeEnrollPartner(store, again))).toMatchObject({ code: 'already-enrolled' });

    expect(await typesIn(store, mpnRegistryStream('1234567'))).toEqual(['MpnIdReserved']);
    expect(await typesIn(store, tenantRegistryStream(ids.reseller))).toEqual(['CspTenantReserved']);
    expect(await typesIn(store, partnerStream(ids.reseller))).toEqual(['PartnerEnrollmentSubmitted', 'PartnerUserAdded']);
  });

  it('a stale MPN claim (its holder crashed, then enrolled with another id) passes to the next partner', async () => {
    const crashing = failingAppendsTo(store, partnerStream(ids.provider));
    await expect(executeEnrollPartner(crashing, enrollCommand(ids.provider, { mpnId: '1111111' }))).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    // While the holder has not enrolled, the claim is honoured: it may be finishing its enrollment.
    expect(await failure(executeEnrollPartner(store, enrollCommand(ids.reseller, { mpnId: '1111111' })))).toMatchObject({
      code: 'mpn-id-in-use',
    });
    await executeEnrollPartner(store, enrollCommand(ids.provider, { mpnId: '2222222' }));

    await executeEnrollPartner(store, enrollCommand(ids.reseller, { mpnId: '1111111' }));

    const claims = await store.readStream(mpnRegistryStream('1111111'));
    expect(claims.map((claim) => claim.data)).toEqual([
      { mpnId: '1111111', partnerId: ids.provider },
      { mpnId: '1111111', partnerId: ids.reseller },
    ]);
  });

  it('race with a customer registration of the same tenant: never a customer registered on a reserved CSP tenant', async () => {
    for (let round = 0; round < 10; round++) {
      const tenantId = ids.reseller.replace(/.{2}$/, round.toString(16).padStart(2, '0'));
      const registerCustomer = handleCommand<TenantRegistryState, TenantRegistryEvent>(store, {
        streamId: tenantRegistryStream(tenantId),
        initialState: initialTenantRegistryState,
        evolve: evolveTenantRegistry,
        // What RegisterCustomer (libs/customers) does on the tenant stream.
        decide: (state) => {
          if (isCspPartnerTenant(state)) throw new Error('csp-partner-cannot-resell-to-csp-partner');
          return [{ type: 'CustomerTenantRegistered', data: { tenantId, customerId: tenantId } }];
        },
        context: contextOf({ kind: 'customer', tenantId, userId: 'admin', roles: ['global-admin'] }),
      });
      const enrollment = executeEnrollPartner(store, enrollCommand(tenantId, { mpnId: String(6_000_000 + round) }));
      const [registration] = await Promise.allSettled([registerCustomer, enrollment]);

      const history = await typesIn(store, tenantRegistryStream(tenantId));
      if (registration.status === 'fulfilled') {
        expect(history).toEqual(['CustomerTenantRegistered', 'CspTenantReserved']);
      } else {
        expect(history).toEqual(['CspTenantReserved']);
      }
      const state = await loadStreamState(store, tenantRegistryStream(tenantId), evolveTenantRegistry, initialTenantRegistryState);
      expect(isCspPartnerTenant(state)).toBe(true);
    }
  });
});

/** A store whose appends to one stream fail once, as if the process died right before that write. */
function failingAppendsTo(store: EventStore, streamId: string): EventStore {
  return {
    ...store,
    append: (id, events, options) => {
      if (id === streamId) return Promise.reject(new StoreUnavailableError('simulated crash'));
      return store.append(id, events, options);
    },
    readStream: (id, options) => store.readStream(id, options),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options) => store.subscribeToAll(options),
    close: () => store.close(),
  };
}
