import fc from 'fast-check';
import { type Actor, DomainError, fold } from '@ledger/kernel';
import type { PartnerState } from '@ledger/partners';
import { customer, customerAdmin, customerUser, ids, partnerState, partnerUser, programActor, subscriptionId, users } from '../testing/subscription-fixtures';
import type { SubscriptionCommand } from './subscription.commands';
import { decideSubscription, type SubscriptionFacts } from './subscription.decider';
import type { SubscriptionEvent } from './subscription.events';
import { evolveSubscription } from './subscription.evolve';
import { initialSubscriptionState, type SubscriptionState } from './subscription.state';

/*
 * Random command sequences against one subscription stream. The customer works with the reseller
 * and the direct provider; the provider's relationship was removed; the second reseller never had one.
 */

const world: Record<string, PartnerState> = {
  [ids.reseller]: partnerState(ids.reseller, 'indirect-reseller'),
  [ids.secondReseller]: partnerState(ids.secondReseller, 'indirect-reseller'),
  [ids.provider]: partnerState(ids.provider, 'indirect-provider'),
  [ids.direct]: partnerState(ids.direct, 'direct-provider'),
};
const facts: SubscriptionFacts = {
  customer: (customerId) => (customerId === ids.customer ? customer : { status: 'none' }),
  partner: (partnerId) => world[partnerId] ?? { status: 'none' },
};
const CODES = new Set([
  'forbidden',
  'partner-not-found',
  'customer-not-found',
  'partner-not-approved',
  'already-recorded',
  'no-active-relationship',
  'partner-of-record-not-allowed',
  'subscription-not-active',
  'license-term-not-ended',
  'subscription-not-found',
]);

const partnerIdArb = fc.constantFrom(...Object.keys(world), 'unknown-partner');
const actorArb: fc.Arbitrary<Actor> = fc.oneof(
  fc.constantFrom(customerAdmin(), customerAdmin(), customerUser(), customerAdmin(ids.otherCustomer), programActor),
  fc.tuple(partnerIdArb, fc.constantFrom(users.globalAdmin, users.salesAgent, users.helpdesk)).map(([p, u]) => partnerUser(p, u)),
);
const nowArb = fc.constantFrom('2025-03-01T00:00:00.000Z', '2025-12-31T23:59:59.000Z', '2026-06-01T00:00:00.000Z');

const commandArb = (step: number): fc.Arbitrary<SubscriptionCommand> => {
  const ctx = (actor: Actor, now: string) => ({ commandId: `cmd-${step}`, correlationId: `cmd-${step}`, actor, now });
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom('csp', 'csp', 'direct', 'ea', 'open', 'advisor', 'third-party'),
        fc.constantFrom('license', 'usage'),
        fc.option(partnerIdArb, { nil: undefined }),
        fc.option(fc.constant('2025-12-31T23:59:59.000Z'), { nil: undefined }),
        actorArb,
        nowArb,
      )
      .map(([channel, billing, partnerOfRecord, termEndsAt, actor, now]): SubscriptionCommand => ({
        type: 'RecordSubscription',
        data: {
          subscriptionId,
          customerId: ids.customer,
          offer: 'Offer',
          billing: billing as 'license' | 'usage',
          channel: channel as 'csp',
          ...(partnerOfRecord !== undefined ? { partnerOfRecord } : {}),
          ...(termEndsAt !== undefined ? { termEndsAt } : {}),
        },
        context: ctx(channel === 'csp' && partnerOfRecord !== undefined && step % 2 === 0 ? partnerUser(partnerOfRecord, users.salesAgent) : actor, now),
      })),
    fc.tuple(partnerIdArb, actorArb, nowArb).map(([partnerId, actor, now]): SubscriptionCommand => ({
      type: 'DelegateSubscriptionManagement',
      data: { subscriptionId, partnerId },
      context: ctx(actor, now),
    })),
    fc.tuple(partnerIdArb, actorArb, nowArb).map(([toPartnerId, actor, now]): SubscriptionCommand => ({
      type: 'SwitchSubscriptionPartner',
      data: { subscriptionId, toPartnerId },
      context: ctx(actor, now),
    })),
    fc.tuple(actorArb, nowArb).map(([actor, now]): SubscriptionCommand => ({ type: 'CancelSubscription', data: { subscriptionId }, context: ctx(actor, now) })),
  );
};
const commandsArb = fc.integer({ min: 1, max: 30 }).chain((length) => fc.tuple(...Array.from({ length }, (_, step) => commandArb(step))));

function run(commands: readonly SubscriptionCommand[]) {
  let state: SubscriptionState = initialSubscriptionState;
  const log: SubscriptionEvent[] = [];
  const steps: Array<{ before: SubscriptionState; after: SubscriptionState; events: SubscriptionEvent[]; error?: DomainError }> = [];
  for (const command of commands) {
    const before = state;
    try {
      const events = decideSubscription(command, state, facts);
      state = fold(evolveSubscription, state, events);
      log.push(...events);
      steps.push({ before, after: state, events });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      steps.push({ before, after: state, events: [], error });
    }
  }
  return { state, log, steps };
}

describe('subscription aggregate properties (fast-check)', () => {
  it('the state equals the fold of the events; refusals emit nothing, change nothing and use known codes', () => {
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const { state, log, steps } = run(commands);
        expect(state).toEqual(fold(evolveSubscription, initialSubscriptionState, log));
        for (const step of steps) {
          if (step.error) {
            expect(step.events).toEqual([]);
            expect(step.after).toBe(step.before);
            expect(CODES.has(step.error.code)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('recorded once; nothing follows a cancellation; a partner of record or manager always had an active relationship', () => {
    const activePartners = new Set<string>([ids.reseller, ids.direct]);
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const { log } = run(commands);
        expect(log.filter((e) => e.type === 'SubscriptionRecorded').length).toBeLessThanOrEqual(1);
        const cancelledAt = log.findIndex((e) => e.type === 'SubscriptionCancelled');
        if (cancelledAt >= 0) expect(cancelledAt).toBe(log.length - 1);
        for (const event of log) {
          if (event.type === 'SubscriptionRecorded' && event.data.partnerOfRecord !== undefined) {
            expect(event.data.channel).toBe('csp');
            expect(activePartners.has(event.data.partnerOfRecord)).toBe(true);
          }
          if (event.type === 'SubscriptionPartnerSwitched') expect(activePartners.has(event.data.toPartnerId)).toBe(true);
          if (event.type === 'SubscriptionManagementDelegated') expect(activePartners.has(event.data.partnerId)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
