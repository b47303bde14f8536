import fc from 'fast-check';
import { createSqliteEventStore } from '@ledger/event-store';
import { type Actor, DomainError, fold, streams } from '@ledger/kernel';
import type { PartnerState } from '@ledger/partners';
import { executeAcceptRelationship } from '../accept-relationship/accept-relationship.execute';
import { executeDeclineRelationship } from '../decline-relationship/decline-relationship.execute';
import { executeInviteCustomerWithIndirectProvider } from '../invite-customer-with-indirect-provider/invite-customer-with-indirect-provider.execute';
import { executeRegisterCustomer } from '../register-customer/register-customer.execute';
import { executeRemoveCustomerRelationship } from '../remove-customer-relationship/remove-customer-relationship.execute';
import { executeRequestResellerRelationship } from '../request-reseller-relationship/request-reseller-relationship.execute';
import { executeRevokeDelegatedAdminPrivileges } from '../revoke-delegated-admin-privileges/revoke-delegated-admin-privileges.execute';
import { customerAdmin, customerUser, ids, partnerState, partnerUser, programActor, users } from '../testing/customer-fixtures';
import { seedActivePartnership, seedPartner } from '../testing/store-fixtures';
import type { CustomerCommand } from './customer.commands';
import { type CustomerFacts, decideCustomer } from './customer.decider';
import type { CustomerEvent } from './customer.events';
import { evolveCustomer } from './customer.evolve';
import { hasActiveDelegatedAdmin, hasActiveRelationship } from './customer.rules';
import { type CustomerState, initialCustomerState } from './customer.state';

/*
 * Property-based tests over random command sequences against one customer stream, in a fixed world:
 * four approved partners (an indirect reseller with an active partnership with an indirect
 * provider, a second reseller without one, a direct provider), a pending partner and a partner in
 * the china cloud. Commands come from random actors, so most of them are refused — which is the point.
 */

const pendingPartner = 'a1a1a1a1-0000-4000-8000-0000000000ff';
const world: Record<string, PartnerState> = {
  [ids.reseller]: partnerState(ids.reseller, 'indirect-reseller'),
  [ids.secondReseller]: partnerState(ids.secondReseller, 'indirect-reseller'),
  [ids.provider]: partnerState(ids.provider, 'indirect-provider'),
  [ids.direct]: partnerState(ids.direct, 'direct-provider'),
  [ids.chinaPartner]: partnerState(ids.chinaPartner, 'direct-provider', { cloud: 'china' }),
  [pendingPartner]: partnerState(pendingPartner, 'indirect-reseller', { status: 'pending' }),
};
const partnerIds = Object.keys(world);
const facts: CustomerFacts = {
  partner: (partnerId) => world[partnerId] ?? { status: 'none' },
  partnershipActive: (providerId, resellerId) => providerId === ids.provider && resellerId === ids.reseller,
  tenantIsCspPartner: (tenantId) => tenantId in world,
};

const CUSTOMER_CODES = new Set([
  'forbidden',
  'partner-not-found',
  'customer-not-found',
  'partner-not-approved',
  'already-registered',
  'csp-partner-cannot-resell-to-csp-partner',
  'cross-cloud',
  'relationship-exists',
  'no-active-partnership',
  'request-not-found',
  'relationship-not-found',
  'attestation-required',
  'grant-not-found',
]);

/* Arbitraries. Request ids are command ids `cmd-<n>`, so accept/decline may name earlier commands. */

const partnerIdArb = fc.constantFrom(...partnerIds, 'a1a1a1a1-0000-4000-8000-00000000dead');
const actorArb: fc.Arbitrary<Actor> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(customerAdmin()) },
  { weight: 1, arbitrary: fc.constantFrom(customerUser(), customerAdmin(ids.otherCustomer), programActor) },
  { weight: 6, arbitrary: fc.tuple(partnerIdArb, fc.constantFrom(...Object.values(users), 'stranger')).map(([p, u]) => partnerUser(p, u)) },
);
/** Mostly an actor acting for the partner named, so that many commands get past authorization. */
const actorFor = (partnerId: string): fc.Arbitrary<Actor> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(users.globalAdmin, users.adminAgent, users.salesAgent).map((u) => partnerUser(partnerId, u)) },
    { weight: 1, arbitrary: actorArb },
  );

type Draft = (commandId: string) => fc.Arbitrary<CustomerCommand>;
const context = (commandId: string, actor: Actor, step: number) => ({
  commandId,
  correlationId: commandId,
  actor,
  now: new Date(Date.UTC(2025, 0, 1, 0, step)).toISOString(),
});

function commandArb(step: number): fc.Arbitrary<CustomerCommand> {
  const commandId = `cmd-${step}`;
  const ctx = (actor: Actor) => context(commandId, actor, step);
  // Mostly a recent command (likely a request), sometimes any earlier one, rarely an unknown id.
  const requestIdArb = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: Math.max(step - 3, 0), max: Math.max(step - 1, 0) }).map((n) => `cmd-${n}`) },
    { weight: 2, arbitrary: fc.nat({ max: Math.max(step - 1, 0) }).map((n) => `cmd-${n}`) },
    { weight: 1, arbitrary: fc.constant('unknown-request') },
  );
  const drafts: Draft[] = [
    () =>
      fc.tuple(fc.constantFrom(ids.customer, ids.customer, ids.direct), fc.oneof(actorArb, actorFor(ids.reseller))).map(([customerId, actor]) => ({
        type: 'RegisterCustomer' as const,
        data: { customerId, companyName: 'Contoso', domain: 'contoso.example', country: 'US', cloud: 'global' as const },
        context: ctx(actor),
      })),
    () =>
      partnerIdArb.chain((partnerId) =>
        fc.tuple(actorFor(partnerId), fc.boolean()).map(([actor, includeDelegatedAdmin]) => ({
          type: 'RequestResellerRelationship' as const,
          data: { customerId: ids.customer, partnerId, includeDelegatedAdmin },
          context: ctx(actor),
        })),
      ),
    () =>
      fc.tuple(fc.constantFrom(ids.reseller, ids.secondReseller, ids.direct), fc.constantFrom(ids.provider, ids.direct)).chain(([resellerId, providerId]) =>
        fc.tuple(actorFor(resellerId), fc.boolean()).map(([actor, includeDelegatedAdmin]) => ({
          type: 'InviteCustomerWithIndirectProvider' as const,
          data: { customerId: ids.customer, resellerId, providerId, includeDelegatedAdmin },
          context: ctx(actor),
        })),
      ),
    () =>
      fc.tuple(requestIdArb, fc.oneof({ weight: 4, arbitrary: fc.constant(customerAdmin()) }, { weight: 1, arbitrary: actorArb })).map(([requestId, actor]) => ({
        type: 'AcceptRelationship' as const,
        data: { customerId: ids.customer, requestId },
        context: ctx(actor),
      })),
    () =>
      fc.tuple(requestIdArb, fc.oneof({ weight: 4, arbitrary: fc.constant(customerAdmin()) }, { weight: 1, arbitrary: actorArb })).map(([requestId, actor]) => ({
        type: 'DeclineRelationship' as const,
        data: { customerId: ids.customer, requestId },
        context: ctx(actor),
      })),
    () =>
      partnerIdArb.chain((partnerId) =>
        fc.tuple(actorFor(partnerId), fc.constantFrom(true, true, true, false), fc.constantFrom('Customer moved on.', 'Contract ended.', '')).map(([actor, goodFaith, purpose]) => ({
          type: 'RemoveCustomerRelationship' as const,
          data: {
            customerId: ids.customer,
            partnerId,
            attestation: { goodFaith, legitimateBusinessPurpose: purpose },
            legalNotice: { required: false },
          },
          context: ctx(actor),
        })),
      ),
    () =>
      partnerIdArb.chain((partnerId) =>
        fc.oneof(fc.constant(customerAdmin()), actorFor(partnerId)).map((actor) => ({
          type: 'RevokeDelegatedAdminPrivileges' as const,
          data: { customerId: ids.customer, partnerId },
          context: ctx(actor),
        })),
      ),
  ];
  return fc.oneof(...drafts.map((draft) => draft(commandId)));
}

/**
 * A random sequence: step n's command may refer to requests made by earlier steps. Most sequences
 * start with the customer registering itself, so that the later commands get past customer-not-found.
 */
const commandsArb = (maxLength: number): fc.Arbitrary<CustomerCommand[]> =>
  fc.tuple(fc.integer({ min: 1, max: maxLength }), fc.constantFrom(true, true, true, false)).chain(([length, registerFirst]) =>
    fc.tuple(
      ...Array.from({ length }, (_, step) =>
        step === 0 && registerFirst
          ? fc.constant<CustomerCommand>({
              type: 'RegisterCustomer',
              data: { customerId: ids.customer, companyName: 'Contoso', domain: 'contoso.example', country: 'US', cloud: 'global' },
              context: context('cmd-0', customerAdmin(), 0),
            })
          : commandArb(step),
      ),
    ),
  );

/**
 * Runs a sequence through the pure decider: per step, the events emitted or the refusal. Commands
 * are decided against their own customer's stream (almost all name the one customer; some
 * registrations name a partner's CSP tenant); `state` and `log` are the main customer's.
 */
function run(commands: readonly CustomerCommand[]) {
  const states = new Map<string, CustomerState>();
  const log: CustomerEvent[] = [];
  const steps: Array<{ command: CustomerCommand; before: CustomerState; events: CustomerEvent[]; error?: DomainError }> = [];
  for (const command of commands) {
    const customerId = command.data.customerId;
    const before = states.get(customerId) ?? initialCustomerState;
    try {
      const events = decideCustomer(command, before, facts);
      states.set(customerId, fold(evolveCustomer, before, events));
      if (customerId === ids.customer) log.push(...events);
      steps.push({ command, before, events });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      steps.push({ command, before, events: [], error });
    }
  }
  return { state: states.get(ids.customer) ?? initialCustomerState, log, steps };
}

/** The partners a command concerns: whatever it names, or the request it accepts. */
function partnersConcerned(command: CustomerCommand, before: CustomerState): string[] {
  switch (command.type) {
    case 'RequestResellerRelationship':
    case 'RemoveCustomerRelationship':
    case 'RevokeDelegatedAdminPrivileges':
      return [command.data.partnerId];
    case 'InviteCustomerWithIndirectProvider':
      return [command.data.resellerId, command.data.providerId];
    case 'AcceptRelationship':
    case 'DeclineRelationship':
      return before.status === 'registered' ? [...(before.requests[command.data.requestId]?.partners ?? [])] : [];
    case 'RegisterCustomer':
      return [];
  }
}

const RUNS = { numRuns: 300 };

describe('customer aggregate properties (fast-check)', () => {
  it('the generated sequences reach every event type and many refusal codes (the properties are not vacuous)', () => {
    const eventTypes = new Set<string>();
    const codes = new Set<string>();
    for (const commands of fc.sample(commandsArb(40), { numRuns: 300, seed: 42 })) {
      for (const step of run(commands).steps) {
        step.events.forEach((event) => eventTypes.add(event.type));
        if (step.error) codes.add(step.error.code);
      }
    }
    expect([...eventTypes].sort()).toEqual([
      'CustomerRegistered',
      'CustomerRelationshipRemoved',
      'DelegatedAdminPrivilegesGranted',
      'DelegatedAdminPrivilegesRevoked',
      'RelationshipAccepted',
      'RelationshipDeclined',
      'RelationshipRequested',
      'ResellerRelationshipEstablished',
    ]);
    expect(codes.size).toBeGreaterThanOrEqual(10);
  });

  it('the state always equals the fold of the emitted events', () => {
    fc.assert(
      fc.property(commandsArb(40), (commands) => {
        const { state, log } = run(commands);
        expect(state).toEqual(fold(evolveCustomer, initialCustomerState, log));
      }),
      RUNS,
    );
  });

  it('no partner ever gets a second active relationship: between two establishments there is a removal', () => {
    fc.assert(
      fc.property(commandsArb(40), (commands) => {
        const { log, state } = run(commands);
        const active = new Set<string>();
        for (const event of log) {
          if (event.type === 'ResellerRelationshipEstablished') {
            expect(active.has(event.data.partnerId)).toBe(false);
            active.add(event.data.partnerId);
          }
          if (event.type === 'CustomerRelationshipRemoved') {
            expect(active.has(event.data.partnerId)).toBe(true);
            active.delete(event.data.partnerId);
          }
        }
        for (const partnerId of partnerIds) {
          expect(state.status === 'registered' && hasActiveRelationship(state, partnerId)).toBe(active.has(partnerId));
        }
      }),
      RUNS,
    );
  });

  it('a DAP grant exists only after a grant event and never after its revocation until re-granted', () => {
    fc.assert(
      fc.property(commandsArb(40), (commands) => {
        const { steps } = run(commands);
        const granted = new Set<string>();
        for (const { events } of steps) {
          for (const event of events) {
            if (event.type === 'DelegatedAdminPrivilegesGranted') {
              expect(granted.has(event.data.partnerId)).toBe(false); // never granted twice while active
              granted.add(event.data.partnerId);
            }
            if (event.type === 'DelegatedAdminPrivilegesRevoked') {
              expect(granted.has(event.data.partnerId)).toBe(true); // only an active grant is revoked
              granted.delete(event.data.partnerId);
            }
          }
        }
        const { state } = run(commands);
        for (const partnerId of partnerIds) {
          expect(state.status === 'registered' && hasActiveDelegatedAdmin(state, partnerId)).toBe(granted.has(partnerId));
        }
      }),
      RUNS,
    );
  });

  it('removing a relationship never touches DAP, and no command emits anything about a partner it does not concern', () => {
    fc.assert(
      fc.property(commandsArb(40), (commands) => {
        const { steps } = run(commands);
        for (const { command, before, events } of steps) {
          if (command.type === 'RemoveCustomerRelationship') {
            expect(events.map((e) => e.type).filter((t) => t !== 'CustomerRelationshipRemoved')).toEqual([]);
          }
          const concerned = partnersConcerned(command, before);
          for (const event of events) {
            if ('partnerId' in event.data) expect(concerned).toContain(event.data.partnerId);
          }
        }
      }),
      RUNS,
    );
  });

  it('a rejected command emits nothing and leaves the state as it was, with a known code', () => {
    fc.assert(
      fc.property(commandsArb(40), (commands) => {
        const { steps } = run(commands);
        for (let index = 0; index < steps.length; index += 1) {
          const step = steps[index]!;
          if (!step.error) continue;
          expect(step.events).toEqual([]);
          expect(CUSTOMER_CODES.has(step.error.code)).toBe(true);
          const next = steps.slice(index + 1).find((later) => later.command.data.customerId === step.command.data.customerId);
          if (next) expect(next.before).toBe(step.before);
        }
      }),
      RUNS,
    );
  });

  it('through the SQLite store: a rejected command appends nothing, and the stream folds to the pure run', async () => {
    const execute = {
      RegisterCustomer: executeRegisterCustomer,
      RequestResellerRelationship: executeRequestResellerRelationship,
      InviteCustomerWithIndirectProvider: executeInviteCustomerWithIndirectProvider,
      AcceptRelationship: executeAcceptRelationship,
      DeclineRelationship: executeDeclineRelationship,
      RemoveCustomerRelationship: executeRemoveCustomerRelationship,
      RevokeDelegatedAdminPrivileges: executeRevokeDelegatedAdminPrivileges,
    } as const;
    await fc.assert(
      fc.asyncProperty(commandsArb(25), async (commands) => {
        const store = createSqliteEventStore({ path: ':memory:' });
        try {
          for (const partnerId of partnerIds) {
            const partner = world[partnerId]!;
            if (partner.status === 'none') continue;
            await seedPartner(store, partnerId, partner.partnerType, { cloud: partner.cloud, approved: partner.status === 'approved' });
          }
          await seedActivePartnership(store, ids.provider, ids.reseller);
          const expected = run(commands);
          for (const [index, command] of commands.entries()) {
            const head = await store.headPosition();
            const outcome = await (execute[command.type] as (s: typeof store, c: CustomerCommand) => Promise<unknown>)(store, command).then(
              () => undefined,
              (error: unknown) => error,
            );
            const step = expected.steps[index]!;
            if (step.error) {
              expect(outcome).toBeInstanceOf(DomainError);
              expect((outcome as DomainError).code).toBe(step.error.code);
              expect(await store.headPosition()).toBe(head);
            } else {
              expect(outcome).toBeUndefined();
            }
          }
          const stored = await store.readStream(streams.customer(ids.customer));
          expect(stored.map((e) => ({ type: e.type, data: e.data }))).toEqual(expected.log);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
