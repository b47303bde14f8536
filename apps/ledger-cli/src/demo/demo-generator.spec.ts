import { type CustomerEvent, type CustomerState, evolveCustomer, initialCustomerState } from '@ledger/customers';
import { createSqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { fold } from '@ledger/kernel';
import { type DemoSummary, StoreNotEmptyError, generateDemoLedger, tallyPlan } from './demo-generator';
import { type DemoPlanOptions, customerStory, demoPhases, planRoster } from './demo-plan';
import { SeededRandom } from './seeded-random';

const SMALL: DemoPlanOptions = { partners: 40, customers: 200, seed: 7, longHistoryCustomers: 1, longHistoryEvents: 60 };

async function generate(options: DemoPlanOptions, concurrency = 16): Promise<{ summary: DemoSummary; events: RecordedEvent[] }> {
  const store = createSqliteEventStore({ path: ':memory:', durable: false });
  try {
    const summary = await generateDemoLedger(store, { ...options, concurrency });
    return { summary, events: await store.readAll() };
  } finally {
    await store.close();
  }
}

const typesOf = (events: readonly RecordedEvent[], type: string): RecordedEvent[] => events.filter((event) => event.type === type);

/** Every customer stream folded with the domain's own evolve function. */
function customerStates(events: readonly RecordedEvent[]): Map<string, CustomerState & { status: 'registered' }> {
  const byStream = new Map<string, CustomerEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith('customer-')) continue;
    const list = byStream.get(event.streamId) ?? [];
    list.push({ type: event.type, data: event.data } as CustomerEvent);
    byStream.set(event.streamId, list);
  }
  const states = new Map<string, CustomerState & { status: 'registered' }>();
  for (const [streamId, list] of byStream) {
    const state = fold(evolveCustomer, initialCustomerState, list);
    if (state.status !== 'registered') throw new Error(`${streamId} is not registered`);
    states.set(streamId, state);
  }
  return states;
}

describe('demo ledger generator', () => {
  let run: { summary: DemoSummary; events: RecordedEvent[] };
  beforeAll(async () => {
    run = await generate(SMALL);
  });

  it('runs every planned command and no rule refuses any', () => {
    expect(run.summary.refused).toBe(0);
    expect(run.summary.refusals).toEqual([]);
    expect(run.summary.commands).toBe(tallyPlan(planRoster(SMALL)).commands);
    expect(run.summary.events).toBe(run.events.length);
    expect(run.summary.headPosition).toBe(run.events[run.events.length - 1]!.position);
  });

  it('enrols every partner, of all three types and several clouds, approved or not', () => {
    const enrolled = typesOf(run.events, 'PartnerEnrollmentSubmitted').map((event) => event.data as { partnerType: string; cloud: string });
    expect(enrolled).toHaveLength(SMALL.partners);
    expect(new Set(enrolled.map((data) => data.partnerType))).toEqual(new Set(['direct-provider', 'indirect-provider', 'indirect-reseller']));
    expect(new Set(enrolled.map((data) => data.cloud)).size).toBeGreaterThan(1);
    expect(enrolled.filter((data) => data.cloud === 'global').length).toBeGreaterThan(SMALL.partners / 2);
    const { byOutcome } = run.summary.partners;
    expect(typesOf(run.events, 'PartnerEnrollmentApproved')).toHaveLength(byOutcome.approved);
    expect(typesOf(run.events, 'PartnerEnrollmentRejected')).toHaveLength(byOutcome.rejected);
    expect(typesOf(run.events, 'PrimaryContactEmailVerified')).toHaveLength(byOutcome.approved + byOutcome.rejected + byOutcome['pending-verified']);
    // The enrolling admin plus extra users; some roles changed, some users removed.
    expect(typesOf(run.events, 'PartnerUserAdded').length).toBeGreaterThan(SMALL.partners * 2);
    expect(typesOf(run.events, 'PartnerUserRolesChanged').length).toBeGreaterThan(0);
  });

  it('links providers and resellers: authorized, some without tenant admin access, some ended', () => {
    const { partnerships } = run.summary;
    expect(partnerships.total).toBeGreaterThan(0);
    expect(typesOf(run.events, 'IndirectProviderAuthorized').length).toBe(partnerships.active + partnerships.ended + partnerships.reinvited);
    expect(typesOf(run.events, 'ResellerInvited').length).toBe(partnerships.total + partnerships.reinvited);
    expect(typesOf(run.events, 'PartnershipEnded')).toHaveLength(partnerships.ended + partnerships.reinvited);
    expect(typesOf(run.events, 'ProviderTenantAdminAccessRemoved')).toHaveLength(partnerships.tenantAdminAccessRemoved);
  });

  it("tells customer histories whose final state is what the summary says, retained DAP grants included", () => {
    const states = [...customerStates(run.events).values()];
    expect(states).toHaveLength(SMALL.customers + 1);
    const active = (state: (typeof states)[number]): string[] =>
      Object.entries(state.relationships).filter(([, relationship]) => relationship.status === 'active').map(([id]) => id);
    const grants = states.flatMap((state) =>
      Object.entries(state.dapGrants).map(([partnerId, grant]) => ({ grant, relationshipActive: state.relationships[partnerId]?.status === 'active' })),
    );
    const { customers, dapGrants } = run.summary;
    expect(states.filter((state) => active(state).length > 1)).toHaveLength(customers.multiPartner);
    expect(states.reduce((sum, state) => sum + active(state).length, 0)).toBe(customers.activeRelationships);
    expect(grants.filter(({ grant, relationshipActive }) => grant.status === 'active' && !relationshipActive)).toHaveLength(dapGrants.retained);
    expect(grants.filter(({ grant, relationshipActive }) => grant.status === 'active' && relationshipActive)).toHaveLength(dapGrants.active);
    expect(states.flatMap((state) => Object.values(state.requests)).filter((request) => request.status === 'open')).toHaveLength(customers.openRequests);

    // The shapes the read side must be able to show.
    expect(customers.multiPartner).toBeGreaterThan(0);
    expect(dapGrants.retained).toBeGreaterThan(0);
    expect(dapGrants.revoked).toBeGreaterThan(0);
    expect(customers.removedRelationships).toBeGreaterThan(0);
    expect(customers.declinedRequests).toBeGreaterThan(0);
    expect(customers.combinedInvitations).toBeGreaterThan(0);
    expect(customers.registeredByPartner).toBeGreaterThan(0);
    expect(typesOf(run.events, 'RelationshipRequested').some((event) => (event.data as { delegatedAdminFor: string[] }).delegatedAdminFor.length === 0)).toBe(true);
  });

  it('records subscriptions over several channels, with delegations, switches and cancellations', () => {
    const { subscriptions } = run.summary;
    const recorded = typesOf(run.events, 'SubscriptionRecorded').map((event) => event.data as { channel: string; partnerOfRecord?: string; billing: string });
    expect(recorded).toHaveLength(subscriptions.total);
    expect(new Set(recorded.map((data) => data.channel)).size).toBeGreaterThanOrEqual(4);
    expect(recorded.filter((data) => data.channel === 'csp').every((data) => data.partnerOfRecord !== undefined)).toBe(true);
    expect(recorded.filter((data) => data.channel !== 'csp').every((data) => data.partnerOfRecord === undefined)).toBe(true);
    expect(typesOf(run.events, 'SubscriptionManagementDelegated')).toHaveLength(subscriptions.delegations);
    expect(typesOf(run.events, 'SubscriptionPartnerSwitched')).toHaveLength(subscriptions.switches);
    expect(typesOf(run.events, 'SubscriptionCancelled')).toHaveLength(subscriptions.cancellations);
    expect(subscriptions.delegations * subscriptions.switches * subscriptions.cancellations).toBeGreaterThan(0);
  });

  it('gives the long-history customer a stream of the asked length', () => {
    const [long] = run.summary.customers.longHistory;
    const stream = run.events.filter((event) => event.streamId === `customer-${long!.customerId}`);
    expect(stream).toHaveLength(long!.events);
    expect(stream.length).toBeGreaterThanOrEqual(SMALL.longHistoryEvents!);
  });

  it('keeps simulated times in the past and increasing within each stream', () => {
    const lastByStream = new Map<string, string>();
    for (const event of run.events) {
      const occurredAt = event.metadata['occurredAt'] as string;
      expect(Date.parse(occurredAt)).toBeLessThan(Date.parse('2026-06-01T00:00:00.000Z'));
      const previous = lastByStream.get(event.streamId);
      if (previous !== undefined) expect(occurredAt >= previous).toBe(true);
      lastByStream.set(event.streamId, occurredAt);
    }
  });

  it('appends in the order of simulated time (exactly, with one command at a time)', async () => {
    const occurredAt = (await generate({ partners: 12, customers: 60, seed: 5 }, 1)).events.map((event) => Date.parse(event.metadata['occurredAt'] as string));
    expect(occurredAt).toEqual([...occurredAt].sort((a, b) => a - b));
  });

  it('writes the same ledger for the same seed, whatever the concurrency, and another for another seed', async () => {
    const canonical = (events: readonly RecordedEvent[]): string[] =>
      events.map((event) => JSON.stringify([event.streamId, event.revision, event.id, event.type, event.data, event.metadata])).sort();
    const again = await generate(SMALL, 3);
    expect(canonical(again.events)).toEqual(canonical(run.events));
    const other = await generate({ ...SMALL, seed: 8 });
    expect(other.summary.refused).toBe(0);
    expect(canonical(other.events)).not.toEqual(canonical(run.events));
  });

  it('refuses a store that already holds events', async () => {
    const store: EventStore = createSqliteEventStore({ path: ':memory:', durable: false });
    try {
      await generateDemoLedger(store, { partners: 3, customers: 1, seed: 1 });
      await expect(generateDemoLedger(store, { partners: 3, customers: 1, seed: 1 })).rejects.toBeInstanceOf(StoreNotEmptyError);
    } finally {
      await store.close();
    }
  });
});

describe('demo plan', () => {
  it('plans each story from the seed and the story alone', () => {
    const roster = planRoster(SMALL);
    expect(customerStory(roster, 17)).toEqual(customerStory(planRoster(SMALL), 17));
    expect(customerStory(roster, 17).outcome.customerId).not.toBe(customerStory(roster, 18).outcome.customerId);
    const keys = [...demoPhases(roster).customers()].map((story) => story.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('averages about ten events per customer, so 100,000 customers make about a million events', async () => {
    const { summary } = await generate({ partners: 60, customers: 600, seed: 3 }, 32);
    const perCustomer = summary.events / 600;
    expect(perCustomer).toBeGreaterThan(8);
    expect(perCustomer).toBeLessThan(13);
  });

  it('refuses nonsense sizes', () => {
    expect(() => planRoster({ partners: -1, customers: 1, seed: 1 })).toThrow(RangeError);
    expect(() => planRoster({ partners: 1, customers: 1.5, seed: 1 })).toThrow(RangeError);
  });
});

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and key, and differs for another', () => {
    const sequence = (random: SeededRandom): number[] => Array.from({ length: 5 }, () => random.nextUint32());
    expect(sequence(new SeededRandom(1, 'a'))).toEqual(sequence(new SeededRandom(1, 'a')));
    expect(sequence(new SeededRandom(1, 'a'))).not.toEqual(sequence(new SeededRandom(1, 'b')));
    expect(sequence(new SeededRandom(2, 'a'))).not.toEqual(sequence(new SeededRandom(1, 'a')));
  });

  it('makes version-4-shaped UUIDs and spreads picks evenly', () => {
    const random = new SeededRandom(5);
    for (let i = 0; i < 100; i += 1) expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i += 1) counts[random.int(4)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
