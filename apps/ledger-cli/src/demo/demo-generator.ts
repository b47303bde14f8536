/**
 * Fills an event store with the demo ledger planned by demo-plan.ts, running every command through
 * its real execute function (the same deciders, reservations and pipeline the HTTP API runs).
 *
 * Commands run in the order of their simulated times, so the log reads as if written as things
 * happened. Throughput comes from concurrency: up to `concurrency` commands of different stories are
 * in flight at once (one per story). Stories of a phase touch different streams, so their appends
 * land in the same event-loop turns and the SQLite store's group commit writes them together.
 */
import {
  executeAcceptRelationship,
  executeDeclineRelationship,
  executeInviteCustomerWithIndirectProvider,
  executeRegisterCustomer,
  executeRemoveCustomerRelationship,
  executeRequestResellerRelationship,
  executeRevokeDelegatedAdminPrivileges,
} from '@ledger/customers';
import { type EventStore, SqliteEventStore } from '@ledger/event-store';
import { type Channel, type Cloud, DomainError, type PartnerType } from '@ledger/kernel';
import {
  executeAddPartnerUser,
  executeApproveEnrollment,
  executeChangePartnerUserRoles,
  executeEnrollPartner,
  executeRejectEnrollment,
  executeRemovePartnerUser,
  executeVerifyPrimaryContactEmail,
} from '@ledger/partners';
import {
  executeAuthorizeIndirectProvider,
  executeEndPartnership,
  executeInviteReseller,
  executeRemoveProviderTenantAdminAccess,
} from '@ledger/partnerships';
import {
  executeCancelSubscription,
  executeDelegateSubscriptionManagement,
  executeRecordSubscription,
  executeSwitchSubscriptionPartner,
} from '@ledger/subscriptions';
import {
  type CustomerOutcome,
  type DemoCommand,
  type DemoPlanOptions,
  type DemoRoster,
  type PartnerOutcome,
  type Story,
  demoPhases,
  planRoster,
} from './demo-plan';
import { withSoleWriterCache } from './sole-writer-cache';

export type DemoPhase = 'partners' | 'partnerships' | 'customers';

export interface DemoProgress {
  readonly phase: DemoPhase;
  readonly commandsDone: number;
  readonly commandsTotal: number;
  /** Commands a rule refused (a bug in the plan if it is not 0). */
  readonly refused: number;
  /** Events appended so far by this run. */
  readonly events: number;
  readonly elapsedMs: number;
  readonly commandsPerSecond: number;
  readonly eventsPerSecond: number;
  /** Time left at the pace so far; null until there is a pace. */
  readonly etaMs: number | null;
}

export interface DemoOptions extends DemoPlanOptions {
  /** Stories in flight at once. Default 128. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: DemoProgress) => void;
  /** Default 250 ms. */
  readonly progressIntervalMs?: number;
}

export interface DemoSummary {
  readonly seed: number;
  /** Events appended by this run. */
  readonly events: number;
  readonly headPosition: number;
  readonly commands: number;
  readonly refused: number;
  /** The first few refusals (`Command: code message`), to diagnose a plan that broke a rule. */
  readonly refusals: readonly string[];
  readonly elapsedMs: number;
  readonly partners: {
    readonly total: number;
    readonly byOutcome: Readonly<Record<PartnerOutcome, number>>;
    readonly byType: Readonly<Record<PartnerType, number>>;
    readonly byCloud: Readonly<Partial<Record<Cloud, number>>>;
  };
  readonly partnerships: {
    readonly total: number;
    readonly active: number;
    readonly ended: number;
    readonly invitationsOpen: number;
    readonly tenantAdminAccessRemoved: number;
    readonly reinvited: number;
  };
  readonly customers: {
    readonly total: number;
    readonly registeredByPartner: number;
    /** Customers with at least one active reseller relationship. */
    readonly withPartner: number;
    /** Customers with two or more active reseller relationships. */
    readonly multiPartner: number;
    readonly activeRelationships: number;
    readonly removedRelationships: number;
    readonly openRequests: number;
    readonly declinedRequests: number;
    readonly combinedInvitations: number;
    /** Customers whose own stream is long (for as-of reads), with their stream length. */
    readonly longHistory: readonly { readonly customerId: string; readonly events: number }[];
  };
  readonly dapGrants: {
    readonly active: number;
    /** Active grants whose relationship was removed: the compliance risk the ledger surfaces. */
    readonly retained: number;
    readonly revoked: number;
  };
  readonly subscriptions: {
    readonly total: number;
    readonly byChannel: Readonly<Partial<Record<Channel, number>>>;
    readonly delegations: number;
    readonly switches: number;
    readonly cancellations: number;
  };
}

type Executors = { readonly [K in DemoCommand['type']]: (store: EventStore, command: Extract<DemoCommand, { type: K }>) => Promise<unknown> };

const EXECUTORS: Executors = {
  EnrollPartner: executeEnrollPartner,
  VerifyPrimaryContactEmail: executeVerifyPrimaryContactEmail,
  ApproveEnrollment: executeApproveEnrollment,
  RejectEnrollment: executeRejectEnrollment,
  AddPartnerUser: executeAddPartnerUser,
  ChangePartnerUserRoles: executeChangePartnerUserRoles,
  RemovePartnerUser: executeRemovePartnerUser,
  InviteReseller: executeInviteReseller,
  AuthorizeIndirectProvider: executeAuthorizeIndirectProvider,
  RemoveProviderTenantAdminAccess: executeRemoveProviderTenantAdminAccess,
  EndPartnership: executeEndPartnership,
  RegisterCustomer: executeRegisterCustomer,
  RequestResellerRelationship: executeRequestResellerRelationship,
  InviteCustomerWithIndirectProvider: executeInviteCustomerWithIndirectProvider,
  AcceptRelationship: executeAcceptRelationship,
  DeclineRelationship: executeDeclineRelationship,
  RemoveCustomerRelationship: executeRemoveCustomerRelationship,
  RevokeDelegatedAdminPrivileges: executeRevokeDelegatedAdminPrivileges,
  RecordSubscription: executeRecordSubscription,
  DelegateSubscriptionManagement: executeDelegateSubscriptionManagement,
  SwitchSubscriptionPartner: executeSwitchSubscriptionPartner,
  CancelSubscription: executeCancelSubscription,
};

/**
 * Events the demo's commands keep remembered across streams: the partner streams every customer
 * command loads (roles, approval, cloud) are then read and parsed once, not on every command.
 */
const DEMO_CACHED_EVENTS = 100_000;

/** Runs one command through its execute function. */
export function executeDemoCommand(store: EventStore, command: DemoCommand): Promise<unknown> {
  const execute = EXECUTORS[command.type] as (store: EventStore, command: DemoCommand) => Promise<unknown>;
  return execute(store, command);
}

/** Thrown when the store already holds events: the demo's ids would collide with an earlier demo's. */
export class StoreNotEmptyError extends Error {
  override readonly name = 'StoreNotEmptyError';
  constructor(readonly headPosition: number) {
    super(`The store already holds events (head position ${headPosition}); the demo fills an empty store.`);
  }
}

/**
 * Plans the demo ledger and runs it against `store` (which must be empty). Resolves with what was
 * written. Rejects on the first store failure; a command a rule refuses is counted, not thrown.
 */
export async function generateDemoLedger(store: EventStore, options: DemoOptions): Promise<DemoSummary> {
  const startHead = await store.headPosition();
  if (startHead > 0) throw new StoreNotEmptyError(startHead);
  const roster = planRoster(options);
  const phases = demoPhases(roster);
  const planned = tallyPlan(roster);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 128));

  const startedAt = Date.now();
  let phase: DemoPhase = 'partners';
  let commandsDone = 0;
  let refused = 0;
  const refusals: string[] = [];
  const report = async (): Promise<void> => {
    if (!options.onProgress) return;
    const events = (await store.headPosition()) - startHead;
    const elapsedMs = Math.max(1, Date.now() - startedAt);
    const commandsPerSecond = (commandsDone * 1000) / elapsedMs;
    options.onProgress({
      phase,
      commandsDone,
      commandsTotal: planned.commands,
      refused,
      events,
      elapsedMs,
      commandsPerSecond,
      eventsPerSecond: (events * 1000) / elapsedMs,
      etaMs: commandsDone > 0 ? ((planned.commands - commandsDone) / commandsPerSecond) * 1000 : null,
    });
  };
  const timer = options.onProgress ? setInterval(() => void report(), options.progressIntervalMs ?? 250) : undefined;

  // The sole-writer cache counts on the embedded store's consecutive positions (and on the emptiness checked above).
  const commandStore = store instanceof SqliteEventStore ? withSoleWriterCache(store, DEMO_CACHED_EVENTS) : store;
  const run = async (command: DemoCommand): Promise<void> => {
    try {
      await executeDemoCommand(commandStore, command);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused += 1;
      if (refusals.length < 5) refusals.push(`${command.type}: ${error.code} ${error.message}`);
    }
    commandsDone += 1;
  };

  try {
    for (const [name, stories] of [
      ['partners', phases.partners],
      ['partnerships', phases.partnerships],
      ['customers', phases.customers],
    ] as const) {
      phase = name;
      await runInTimeOrder(stories(), concurrency, run);
    }
  } finally {
    if (timer) clearInterval(timer);
  }
  await report();

  const headPosition = await store.headPosition();
  return { ...planned.summary, seed: roster.options.seed, events: headPosition - startHead, headPosition, commands: commandsDone, refused, refusals, elapsedMs: Date.now() - startedAt };
}

/** A story waiting for its next command, keyed by that command's simulated time. */
interface QueuedStory {
  readonly story: Story;
  next: number;
  time: number;
}

const timeOf = (command: DemoCommand): number => Date.parse(command.context.now);

/**
 * Runs stories' commands in the order of their simulated times, at most `concurrency` at once and
 * never two of one story at once (a story's next command starts when its previous one is done).
 * Stories are taken from the (lazy) iterator only when their first command is due, so memory holds
 * the stories under way, not all of them. Rejects at the first error `run` throws.
 */
function runInTimeOrder(stories: Iterable<Story>, concurrency: number, run: (command: DemoCommand) => Promise<void>): Promise<void> {
  const iterator = stories[Symbol.iterator]();
  const pull = (): Story | undefined => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return undefined;
      if (next.value.commands.length > 0) return next.value;
    }
  };
  const queue = new MinHeap<QueuedStory>((a, b) => a.time - b.time);
  let upcoming = pull();
  let inFlight = 0;
  let failed = false;
  return new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (!failed && inFlight < concurrency) {
        // Admit the stories that begin before the earliest queued command.
        while (upcoming && (queue.size === 0 || timeOf(upcoming.commands[0]!) <= queue.peek()!.time)) {
          queue.push({ story: upcoming, next: 0, time: timeOf(upcoming.commands[0]!) });
          upcoming = pull();
        }
        const item = queue.pop();
        if (!item) break;
        inFlight += 1;
        run(item.story.commands[item.next]!).then(
          () => {
            inFlight -= 1;
            item.next += 1;
            if (item.next < item.story.commands.length) {
              item.time = timeOf(item.story.commands[item.next]!);
              queue.push(item);
            }
            pump();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
      if (!failed && inFlight === 0 && queue.size === 0 && !upcoming) resolve();
    };
    pump();
  });
}

/** A binary min-heap. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.compare(items[left]!, items[smallest]!) < 0) smallest = left;
        if (right < items.length && this.compare(items[right]!, items[smallest]!) < 0) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

type PlannedSummary = Omit<DemoSummary, 'seed' | 'events' | 'headPosition' | 'commands' | 'refused' | 'refusals' | 'elapsedMs'>;

/** Counts the plan's commands (for the progress bar) and what the stories leave behind (for the summary). */
export function tallyPlan(roster: DemoRoster): { commands: number; summary: PlannedSummary } {
  const phases = demoPhases(roster);
  let commands = 0;
  for (const story of phases.partners()) commands += story.commands.length;
  for (const story of phases.partnerships()) commands += story.commands.length;

  const byOutcome: Record<PartnerOutcome, number> = { approved: 0, rejected: 0, pending: 0, 'pending-verified': 0 };
  const byType: Record<PartnerType, number> = { 'direct-provider': 0, 'indirect-provider': 0, 'indirect-reseller': 0 };
  const byCloud: Partial<Record<Cloud, number>> = {};
  for (const partner of roster.partners) {
    byOutcome[partner.outcome] += 1;
    byType[partner.partnerType] += 1;
    byCloud[partner.cloud] = (byCloud[partner.cloud] ?? 0) + 1;
  }

  const customers = { total: 0, registeredByPartner: 0, withPartner: 0, multiPartner: 0, activeRelationships: 0, removedRelationships: 0, openRequests: 0, declinedRequests: 0, combinedInvitations: 0 };
  const longHistory: { customerId: string; events: number }[] = [];
  const dapGrants = { active: 0, retained: 0, revoked: 0 };
  const subscriptions = { total: 0, byChannel: {} as Partial<Record<Channel, number>>, delegations: 0, switches: 0, cancellations: 0 };
  const add = (outcome: CustomerOutcome): void => {
    customers.total += 1;
    if (outcome.registeredByPartner) customers.registeredByPartner += 1;
    if (outcome.activePartners.length > 0) customers.withPartner += 1;
    if (outcome.activePartners.length > 1) customers.multiPartner += 1;
    customers.activeRelationships += outcome.activePartners.length;
    customers.removedRelationships += outcome.removedRelationships;
    customers.openRequests += outcome.openRequests;
    customers.declinedRequests += outcome.declinedRequests;
    customers.combinedInvitations += outcome.combinedInvitations;
    dapGrants.active += outcome.activeGrants;
    dapGrants.retained += outcome.retainedGrants;
    dapGrants.revoked += outcome.revokedGrants;
    for (const [channel, count] of Object.entries(outcome.subscriptions) as [Channel, number][]) {
      subscriptions.total += count;
      subscriptions.byChannel[channel] = (subscriptions.byChannel[channel] ?? 0) + count;
    }
    subscriptions.delegations += outcome.delegations;
    subscriptions.switches += outcome.switches;
    subscriptions.cancellations += outcome.cancellations;
  };
  for (const story of phases.customers()) {
    commands += story.commands.length;
    add(story.outcome);
    if (story.key.startsWith('long-history')) longHistory.push({ customerId: story.outcome.customerId, events: story.outcome.customerStreamEvents });
  }

  const pairs = roster.partnerships;
  return {
    commands,
    summary: {
      partners: { total: roster.partners.length, byOutcome, byType, byCloud },
      partnerships: {
        total: pairs.length,
        active: pairs.filter((pair) => pair.outcome === 'active').length,
        ended: pairs.filter((pair) => pair.outcome === 'ended').length,
        invitationsOpen: pairs.filter((pair) => pair.outcome === 'invited').length,
        tenantAdminAccessRemoved: pairs.filter((pair) => pair.tenantAdminAccessRemoved).length,
        reinvited: pairs.filter((pair) => pair.reinvited).length,
      },
      customers: { ...customers, longHistory },
      dapGrants,
      subscriptions,
    },
  };
}

/** The summary as the CLI prints it. */
export function formatDemoSummary(summary: DemoSummary): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  const list = (record: Readonly<Record<string, number | undefined>>): string =>
    Object.entries(record)
      .filter(([, count]) => (count ?? 0) > 0)
      .map(([key, count]) => `${key} ${n(count ?? 0)}`)
      .join(', ');
  const seconds = summary.elapsedMs / 1000;
  const lines = [
    `Demo ledger (seed ${summary.seed}): ${n(summary.events)} events from ${n(summary.commands)} commands in ${seconds.toFixed(1)} s ` +
      `(${n(Math.round(summary.events / Math.max(seconds, 0.001)))} events/s); head position ${n(summary.headPosition)}.`,
    `  partners       ${n(summary.partners.total)}: ${list(summary.partners.byOutcome)}; ${list(summary.partners.byType)}; clouds: ${list(summary.partners.byCloud)}`,
    `  partnerships   ${n(summary.partnerships.total)}: active ${n(summary.partnerships.active)}, ended ${n(summary.partnerships.ended)}, ` +
      `invitations open ${n(summary.partnerships.invitationsOpen)}, re-invited ${n(summary.partnerships.reinvited)}, tenant admin access removed ${n(summary.partnerships.tenantAdminAccessRemoved)}`,
    `  customers      ${n(summary.customers.total)}: with a partner ${n(summary.customers.withPartner)}, multi-partner ${n(summary.customers.multiPartner)}, ` +
      `registered by a partner ${n(summary.customers.registeredByPartner)}`,
    `  relationships  active ${n(summary.customers.activeRelationships)}, removed ${n(summary.customers.removedRelationships)}; requests open ${n(summary.customers.openRequests)}, ` +
      `declined ${n(summary.customers.declinedRequests)}, with an indirect provider ${n(summary.customers.combinedInvitations)}`,
    `  DAP grants     active ${n(summary.dapGrants.active)}, retained ${n(summary.dapGrants.retained)}, revoked ${n(summary.dapGrants.revoked)}`,
    `  subscriptions  ${n(summary.subscriptions.total)}: ${list(summary.subscriptions.byChannel)}; delegated ${n(summary.subscriptions.delegations)}, ` +
      `switched ${n(summary.subscriptions.switches)}, cancelled ${n(summary.subscriptions.cancellations)}`,
  ];
  for (const customer of summary.customers.longHistory) lines.push(`  long history   customer ${customer.customerId}: ${n(customer.events)} events in its stream`);
  if (summary.refused > 0) lines.push(`  REFUSED        ${n(summary.refused)} commands, e.g. ${summary.refusals.join(' | ')}`);
  return `${lines.join('\n')}\n`;
}
