/**
 * The demo ledger's plan: who the partners are, which partnerships they form and, per customer,
 * the sequence of commands that tells its relationship history. Pure and deterministic for a seed:
 * the same options give the same commands (ids, actors, times), whatever the execution order.
 *
 * A plan is split into stories. A story is a list of commands that must run in order (a customer's
 * request before its acceptance); different stories of one phase touch different streams and may
 * run concurrently. Phases run one after another: partners, then partnerships (which need approved
 * partners), then customers (which need partners and the final state of the partnerships).
 *
 * Times are simulated, in the past, and increase within a story: partners enrol in 2020,
 * partnerships form from late 2021, customers arrive from mid-2022 to early 2025 and their
 * histories run for up to about a year. The generator runs commands in the order of these times
 * (within its window of concurrent commands), so the log reads like a ledger that was written as
 * things happened.
 */
import type { AcceptRelationship, DeclineRelationship, InviteCustomerWithIndirectProvider, RegisterCustomer, RemoveCustomerRelationship, RequestResellerRelationship, RevokeDelegatedAdminPrivileges } from '@ledger/customers';
import type { Actor, Billing, Channel, Cloud, CommandContext, PartnerRole, PartnerType } from '@ledger/kernel';
import type {
  AddPartnerUser,
  ApproveEnrollment,
  ChangePartnerUserRoles,
  EnrollPartner,
  RejectEnrollment,
  RemovePartnerUser,
  VerifyPrimaryContactEmail,
} from '@ledger/partners';
import type { AuthorizeIndirectProvider, EndPartnership, InviteReseller, RemoveProviderTenantAdminAccess } from '@ledger/partnerships';
import type { CancelSubscription, DelegateSubscriptionManagement, RecordSubscription, SwitchSubscriptionPartner } from '@ledger/subscriptions';
import { SeededRandom } from './seeded-random';

/** Every command the demo issues, each run through its real execute function. */
export type DemoCommand =
  | EnrollPartner
  | VerifyPrimaryContactEmail
  | ApproveEnrollment
  | RejectEnrollment
  | AddPartnerUser
  | ChangePartnerUserRoles
  | RemovePartnerUser
  | InviteReseller
  | AuthorizeIndirectProvider
  | RemoveProviderTenantAdminAccess
  | EndPartnership
  | RegisterCustomer
  | RequestResellerRelationship
  | InviteCustomerWithIndirectProvider
  | AcceptRelationship
  | DeclineRelationship
  | RemoveCustomerRelationship
  | RevokeDelegatedAdminPrivileges
  | RecordSubscription
  | DelegateSubscriptionManagement
  | SwitchSubscriptionPartner
  | CancelSubscription;

/** Commands that must run in this order; stories of one phase may run concurrently. */
export interface Story {
  readonly key: string;
  readonly commands: readonly DemoCommand[];
}

export interface DemoPlanOptions {
  readonly partners: number;
  readonly customers: number;
  readonly seed: number;
  /**
   * Customers whose stream gets a long history (about `longHistoryEvents` events: a partner
   * relationship with DAP requested, accepted, removed and revoked again and again). Default 0.
   */
  readonly longHistoryCustomers?: number;
  /** Default 1000. */
  readonly longHistoryEvents?: number;
}

export type PartnerOutcome = 'approved' | 'rejected' | 'pending' | 'pending-verified';

/** One planned partner and what its story leaves it as. */
export interface PartnerProfile {
  readonly index: number;
  readonly partnerId: string;
  readonly partnerType: PartnerType;
  readonly cloud: Cloud;
  readonly country: string;
  readonly name: string;
  readonly outcome: PartnerOutcome;
  /** The enrolling user: `global-admin` and `admin-agent`, never removed. */
  readonly adminUserId: string;
  /** A recorded `sales-agent` at the end of the partner phase, else the admin (sellers include admins). */
  readonly sellerUserId: string;
  /** How likely customers are to pick this partner (a few partners have most of the customers). */
  readonly popularity: number;
}

export interface PartnershipProfile {
  readonly index: number;
  readonly providerId: string;
  readonly resellerId: string;
  /** Where the pair stands once its story ran. */
  readonly outcome: 'active' | 'ended' | 'invited';
  /** The reseller removed the provider's admin access to its tenant (on the current or an ended partnership). */
  readonly tenantAdminAccessRemoved: boolean;
  /** Ended, then invited and authorized again. */
  readonly reinvited: boolean;
}

/** The fixed cast of a demo: partners and partnerships, from which every story is derived. */
export interface DemoRoster {
  readonly options: Required<DemoPlanOptions>;
  readonly partners: readonly PartnerProfile[];
  readonly partnersById: ReadonlyMap<string, PartnerProfile>;
  readonly partnerships: readonly PartnershipProfile[];
  /** Approved partners by cloud, with cumulative popularity for weighted picks. */
  readonly approvedByCloud: ReadonlyMap<Cloud, WeightedPartners>;
  /** Active providers of each indirect reseller once the partnerships phase is over. */
  readonly activeProvidersOf: ReadonlyMap<string, readonly string[]>;
}

export interface WeightedPartners {
  readonly partners: readonly PartnerProfile[];
  readonly cumulative: readonly number[];
}

/** What a customer's story leaves behind, for the summary (and the generator's tests). */
export interface CustomerOutcome {
  readonly customerId: string;
  readonly cloud: Cloud;
  readonly registeredByPartner: boolean;
  /** Partners with an active reseller relationship at the end. */
  readonly activePartners: readonly string[];
  readonly removedRelationships: number;
  /** Active DAP grants whose relationship is no longer active. */
  readonly retainedGrants: number;
  /** Active DAP grants whose relationship is active. */
  readonly activeGrants: number;
  readonly revokedGrants: number;
  readonly openRequests: number;
  readonly declinedRequests: number;
  readonly combinedInvitations: number;
  readonly subscriptions: Readonly<Partial<Record<Channel, number>>>;
  readonly delegations: number;
  readonly switches: number;
  readonly cancellations: number;
  /** Events this story appends to the customer's own stream (the as-of bench wants a long one). */
  readonly customerStreamEvents: number;
}

export interface CustomerStory extends Story {
  readonly outcome: CustomerOutcome;
}

// -----------------------------------------------------------------------------------------------
// Vocabulary

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

// Each phase's stories end before the next phase's start (a partner's story lasts at most about
// 340 days, a partnership's about 180), so log order follows simulated time across phases too.
const PARTNERS_FROM = Date.parse('2020-01-06T08:00:00.000Z');
const PARTNERS_SPAN = 300 * DAY;
const PARTNERSHIPS_FROM = Date.parse('2021-11-01T08:00:00.000Z');
const PARTNERSHIPS_SPAN = 60 * DAY;
const CUSTOMERS_FROM = Date.parse('2022-07-01T08:00:00.000Z');
const CUSTOMERS_SPAN = 980 * DAY;

const PROGRAM_ACTOR: Actor = { kind: 'program', tenantId: 'csp-program', userId: 'demo-program-reviewer', roles: ['reviewer'] };

const PARTNER_CLOUDS: Record<Cloud, number> = { global: 85, 'us-government': 7, germany: 4, china: 4 };
const CUSTOMER_CLOUDS: Record<Cloud, number> = { global: 88, 'us-government': 6, germany: 3, china: 3 };
const PARTNER_TYPES: Record<PartnerType, number> = { 'direct-provider': 25, 'indirect-provider': 10, 'indirect-reseller': 65 };
const PARTNER_OUTCOMES: Record<PartnerOutcome, number> = { approved: 88, rejected: 4, pending: 4, 'pending-verified': 4 };
const GLOBAL_COUNTRIES = ['US', 'US', 'US', 'GB', 'GB', 'DE', 'FR', 'NL', 'CA', 'AU', 'JP', 'IN', 'BR', 'SE', 'ES', 'IT', 'PL', 'IE', 'SG', 'ZA'];
const COUNTRY_OF_CLOUD: Record<Exclude<Cloud, 'global'>, string> = { 'us-government': 'US', germany: 'DE', china: 'CN' };

const NAME_FIRST = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Woodgrove', 'Adatum', 'Litware', 'Proseware', 'Lucerne', 'Wingtip', 'Alpine', 'Coho', 'Fourth', 'Margie', 'Relecloud', 'Trey', 'Humongous', 'Blue Yonder', 'Consolidated', 'Graphic'];
const NAME_SECOND = ['Cloud', 'Systems', 'Digital', 'Data', 'Networks', 'Solutions', 'Consulting', 'Technologies', 'Partners', 'Works', 'Labs', 'Group'];
const COMPANY_KINDS = ['Bakery', 'Logistics', 'Clinic', 'Law Firm', 'Architects', 'Retail', 'Manufacturing', 'Insurance', 'School', 'Hotel', 'Farms', 'Studios', 'Dental', 'Engineering', 'Foods', 'Transport'];
const PEOPLE = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Frances', 'Donald', 'Radia', 'Tim', 'Katherine', 'John', 'Hedy', 'Dennis'];

/** Offers and how they bill: Azure is usage-based, the rest are per-seat licenses. */
const OFFERS: readonly { readonly offer: string; readonly billing: Billing; readonly weight: number }[] = [
  { offer: 'Microsoft 365 Business Premium', billing: 'license', weight: 22 },
  { offer: 'Microsoft 365 E3', billing: 'license', weight: 16 },
  { offer: 'Azure plan', billing: 'usage', weight: 24 },
  { offer: 'Exchange Online (Plan 1)', billing: 'license', weight: 10 },
  { offer: 'Dynamics 365 Sales Enterprise', billing: 'license', weight: 6 },
  { offer: 'Power BI Pro', billing: 'license', weight: 8 },
  { offer: 'Microsoft Defender for Endpoint P2', billing: 'license', weight: 6 },
  { offer: 'Teams Phone Standard', billing: 'license', weight: 8 },
];
const OFFER_WEIGHTS = Object.fromEntries(OFFERS.map((offer, i) => [String(i), offer.weight])) as Record<string, number>;
const NON_CSP_CHANNELS: Record<Exclude<Channel, 'csp'>, number> = { direct: 40, ea: 25, open: 15, advisor: 10, 'third-party': 10 };

const EXTRA_USERS: readonly { readonly key: string; readonly roles: readonly PartnerRole[]; readonly probability: number }[] = [
  { key: 'sales', roles: ['sales-agent'], probability: 0.9 },
  { key: 'account', roles: ['account-admin'], probability: 0.4 },
  { key: 'users', roles: ['user-admin'], probability: 0.2 },
  { key: 'helpdesk', roles: ['helpdesk-agent'], probability: 0.35 },
  { key: 'billing', roles: ['billing-admin'], probability: 0.25 },
];

// -----------------------------------------------------------------------------------------------
// Roster

export function withDefaults(options: DemoPlanOptions): Required<DemoPlanOptions> {
  for (const [name, value] of Object.entries({ partners: options.partners, customers: options.customers })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}.`);
  }
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}.`);
  return { longHistoryCustomers: 0, longHistoryEvents: 1000, ...options };
}

/**
 * Decides the partners and partnerships. The first three partners are approved global partners of
 * each type, so even a tiny demo has direct and two-tier relationships.
 */
export function planRoster(planOptions: DemoPlanOptions): DemoRoster {
  const options = withDefaults(planOptions);
  const random = new SeededRandom(options.seed, 'roster');
  const partners: PartnerProfile[] = [];
  const forcedTypes: PartnerType[] = ['indirect-provider', 'indirect-reseller', 'direct-provider'];
  for (let index = 0; index < options.partners; index += 1) {
    const forced = forcedTypes[index];
    const partnerType = forced ?? random.weighted(PARTNER_TYPES);
    const cloud: Cloud = forced ? 'global' : random.weighted(PARTNER_CLOUDS);
    const outcome: PartnerOutcome = forced ? 'approved' : random.weighted(PARTNER_OUTCOMES);
    const country = cloud === 'global' ? random.pick(GLOBAL_COUNTRIES) : COUNTRY_OF_CLOUD[cloud];
    const partnerId = random.uuid();
    const adminUserId = random.uuid();
    const name = `${random.pick(NAME_FIRST)} ${random.pick(NAME_SECOND)} ${index + 1}`;
    // Zipf-like popularity over a shuffled rank: a handful of partners serve most customers.
    const popularity = 1 / Math.pow(1 + random.int(Math.max(1, options.partners)), 0.9);
    const sellerUserId = partnerSalesUser(options.seed, partnerId, adminUserId, outcome);
    partners.push({ index, partnerId, partnerType, cloud, country, name, outcome, adminUserId, sellerUserId, popularity });
  }

  const approvedByCloud = new Map<Cloud, WeightedPartners>();
  for (const cloud of Object.keys(PARTNER_CLOUDS) as Cloud[]) {
    const approved = partners.filter((partner) => partner.outcome === 'approved' && partner.cloud === cloud);
    let sum = 0;
    const cumulative = approved.map((partner) => {
      // Indirect providers mostly sell through their resellers; customers rarely pick them directly.
      sum += partner.partnerType === 'indirect-provider' ? partner.popularity * 0.3 : partner.popularity;
      return sum;
    });
    approvedByCloud.set(cloud, { partners: approved, cumulative });
  }

  // Partnerships: each approved reseller works with 0–3 approved providers of its cloud.
  const partnerships: PartnershipProfile[] = [];
  const activeProvidersOf = new Map<string, string[]>();
  for (const reseller of partners) {
    if (reseller.outcome !== 'approved' || reseller.partnerType !== 'indirect-reseller') continue;
    const providers = approvedByCloud.get(reseller.cloud)!.partners.filter((partner) => partner.partnerType === 'indirect-provider');
    if (providers.length === 0) continue;
    const wanted = Math.min(providers.length, reseller.index === 1 ? 1 : Number(random.weighted({ 0: 8, 1: 50, 2: 30, 3: 12 })));
    const chosen = new Set<PartnerProfile>();
    if (reseller.index === 1) chosen.add(partners[0]!);
    while (chosen.size < wanted) chosen.add(random.pick(providers));
    for (const provider of chosen) {
      const forcedActive = reseller.index === 1;
      const authorized = forcedActive || random.chance(0.88);
      const ended = authorized && !forcedActive && random.chance(0.1);
      const reinvited = ended && random.chance(0.5);
      const outcome = !authorized ? 'invited' : ended && !reinvited ? 'ended' : 'active';
      const tenantAdminAccessRemoved = authorized && !forcedActive && random.chance(0.12);
      partnerships.push({ index: partnerships.length, providerId: provider.partnerId, resellerId: reseller.partnerId, outcome, tenantAdminAccessRemoved, reinvited });
      if (outcome === 'active') {
        const list = activeProvidersOf.get(reseller.partnerId) ?? [];
        list.push(provider.partnerId);
        activeProvidersOf.set(reseller.partnerId, list);
      }
    }
  }
  const partnersById = new Map(partners.map((partner) => [partner.partnerId, partner] as const));
  return { options, partners, partnersById, partnerships, approvedByCloud, activeProvidersOf };
}

/** The partner's sales agent as its story leaves it (or the admin when it has none). */
function partnerSalesUser(seed: number, partnerId: string, adminUserId: string, outcome: PartnerOutcome): string {
  if (outcome !== 'approved') return adminUserId;
  const users = planPartnerUsers(new SeededRandom(seed, 'partner-users', partnerId));
  const sales = users.added.find((user) => user.key === 'sales');
  return sales && !users.removed.includes(sales.userId) ? sales.userId : adminUserId;
}

interface PlannedUsers {
  readonly added: readonly { readonly key: string; readonly userId: string; readonly roles: readonly PartnerRole[] }[];
  /** A helpdesk agent promoted to sales, or an account admin demoted to helpdesk. */
  readonly roleChanges: readonly { readonly userId: string; readonly roles: readonly PartnerRole[] }[];
  readonly removed: readonly string[];
}

/** The extra users of an approved partner, decided by the partner's own generator (so the roster and the story agree). */
function planPartnerUsers(random: SeededRandom): PlannedUsers {
  const added = EXTRA_USERS.filter((user) => random.chance(user.probability)).map((user) => ({ key: user.key, userId: random.uuid(), roles: user.roles }));
  const roleChanges: { userId: string; roles: readonly PartnerRole[] }[] = [];
  const helpdesk = added.find((user) => user.key === 'helpdesk');
  if (helpdesk && random.chance(0.3)) roleChanges.push({ userId: helpdesk.userId, roles: ['helpdesk-agent', 'sales-agent'] });
  const account = added.find((user) => user.key === 'account');
  if (account && random.chance(0.15)) roleChanges.push({ userId: account.userId, roles: ['helpdesk-agent'] });
  const removable = added.filter((user) => user.key !== 'users');
  const removed = removable.length > 0 && random.chance(0.12) ? [random.pick(removable).userId] : [];
  return { added, roleChanges, removed };
}

// -----------------------------------------------------------------------------------------------
// Helpers shared by the stories

/** A story's clock and id source. */
class StoryWriter {
  readonly commands: DemoCommand[] = [];
  constructor(
    readonly random: SeededRandom,
    public time: number,
  ) {}

  /** Moves the story's clock forward by a random duration in [min, max] milliseconds. */
  wait(min: number, max: number): void {
    this.time += min + this.random.int(Math.max(1, max - min));
  }

  context(actor: Actor): CommandContext {
    const commandId = this.random.uuid();
    return { commandId, correlationId: this.random.uuid(), causationId: commandId, actor, now: new Date(this.time).toISOString() };
  }

  add(command: DemoCommand): DemoCommand {
    this.commands.push(command);
    return command;
  }
}

function partnerActor(partner: PartnerProfile, userId: string, roles: readonly PartnerRole[]): Actor {
  return { kind: 'partner', tenantId: partner.partnerId, userId, roles };
}

const adminOf = (partner: PartnerProfile): Actor => partnerActor(partner, partner.adminUserId, ['global-admin', 'admin-agent']);
const sellerOf = (partner: PartnerProfile): Actor =>
  partner.sellerUserId === partner.adminUserId ? adminOf(partner) : partnerActor(partner, partner.sellerUserId, ['sales-agent']);

function domainOf(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example`;
}

// -----------------------------------------------------------------------------------------------
// Partner stories

/**
 * A partner's enrollment: enrol (the global admin), then per its outcome verify the primary
 * contact and approve or reject; an approved partner adds users, changes some roles and removes
 * some users.
 */
export function partnerStory(roster: DemoRoster, index: number): Story {
  const partner = roster.partners[index]!;
  const { seed, partners } = roster.options;
  const random = new SeededRandom(seed, 'partner', index);
  const story = new StoryWriter(random, PARTNERS_FROM + Math.floor((index / Math.max(1, partners)) * PARTNERS_SPAN) + random.int(DAY));
  const domain = domainOf(partner.name);
  const contact = random.pick(PEOPLE);
  const admin = adminOf(partner);
  story.add({
    type: 'EnrollPartner',
    data: {
      partnerId: partner.partnerId,
      partnerType: partner.partnerType,
      mpnId: String(4_000_000 + (Math.abs(seed) % 1000) * 5000 + index),
      cloud: partner.cloud,
      tenantCountry: partner.country,
      legalProfile: { name: partner.name, address: `${1 + random.int(400)} Market Street`, country: partner.country },
      primaryContact: { name: `${contact} Admin`, email: `${contact.toLowerCase()}@${domain}`, phone: `+1 555 ${String(1000 + random.int(9000))}` },
      supportContact: { email: `support@${domain}`, phone: `+1 555 ${String(1000 + random.int(9000))}`, ...(random.chance(0.5) ? { website: `https://${domain}` } : {}) },
    },
    context: story.context(admin),
  });
  if (partner.outcome === 'pending') return { key: `partner-${index}`, commands: story.commands };

  story.wait(HOUR, 3 * DAY);
  story.add({ type: 'VerifyPrimaryContactEmail', data: { partnerId: partner.partnerId, token: random.uuid() }, context: story.context(PROGRAM_ACTOR) });
  if (partner.outcome === 'pending-verified') return { key: `partner-${index}`, commands: story.commands };

  story.wait(DAY, 10 * DAY);
  if (partner.outcome === 'rejected') {
    story.add({
      type: 'RejectEnrollment',
      data: { partnerId: partner.partnerId, reason: random.pick(['MPN profile incomplete', 'Legal entity could not be verified', 'Duplicate organisation']) },
      context: story.context(PROGRAM_ACTOR),
    });
    return { key: `partner-${index}`, commands: story.commands };
  }
  story.add({ type: 'ApproveEnrollment', data: { partnerId: partner.partnerId }, context: story.context(PROGRAM_ACTOR) });

  const users = planPartnerUsers(new SeededRandom(seed, 'partner-users', partner.partnerId));
  for (const user of users.added) {
    story.wait(HOUR, 5 * DAY);
    const person = random.pick(PEOPLE);
    story.add({
      type: 'AddPartnerUser',
      data: { partnerId: partner.partnerId, userId: user.userId, name: `${person} ${user.key}`, email: `${person.toLowerCase()}.${user.key}@${domain}`, roles: user.roles },
      context: story.context(admin),
    });
  }
  for (const change of users.roleChanges) {
    story.wait(10 * DAY, 90 * DAY);
    story.add({ type: 'ChangePartnerUserRoles', data: { partnerId: partner.partnerId, userId: change.userId, roles: change.roles }, context: story.context(admin) });
  }
  for (const userId of users.removed) {
    story.wait(10 * DAY, 120 * DAY);
    story.add({ type: 'RemovePartnerUser', data: { partnerId: partner.partnerId, userId }, context: story.context(admin) });
  }
  return { key: `partner-${index}`, commands: story.commands };
}

// -----------------------------------------------------------------------------------------------
// Partnership stories

/**
 * A provider ↔ reseller pair: the provider invites, the reseller authorizes with consent (or leaves
 * the invitation open); some resellers later remove the provider's tenant admin access; some
 * partnerships end (by either side) and some of those are invited and authorized again.
 */
export function partnershipStory(roster: DemoRoster, index: number): Story {
  const pair = roster.partnerships[index]!;
  const random = new SeededRandom(roster.options.seed, 'partnership', index);
  const story = new StoryWriter(random, PARTNERSHIPS_FROM + Math.floor((index / Math.max(1, roster.partnerships.length)) * PARTNERSHIPS_SPAN));
  const provider = roster.partnersById.get(pair.providerId)!;
  const reseller = roster.partnersById.get(pair.resellerId)!;
  const { providerId, resellerId } = pair;

  const inviteAndAuthorize = (authorize: boolean): void => {
    const invite = story.add({
      type: 'InviteReseller',
      data: { providerId, resellerId, ...(random.chance(0.4) ? { message: `${provider.name} would like to supply your customers.` } : {}) },
      context: story.context(adminOf(provider)),
    });
    if (!authorize) return;
    story.wait(HOUR, 14 * DAY);
    story.add({
      type: 'AuthorizeIndirectProvider',
      data: { providerId, resellerId, invitationId: invite.context.commandId, consent: true },
      context: story.context(adminOf(reseller)),
    });
  };

  inviteAndAuthorize(pair.outcome !== 'invited');
  if (pair.outcome === 'invited') return { key: `partnership-${index}`, commands: story.commands };
  if (pair.tenantAdminAccessRemoved) {
    story.wait(10 * DAY, 60 * DAY);
    story.add({ type: 'RemoveProviderTenantAdminAccess', data: { providerId, resellerId }, context: story.context(adminOf(reseller)) });
  }
  if (pair.outcome === 'ended' || pair.reinvited) {
    story.wait(20 * DAY, 60 * DAY);
    const byProvider = random.chance(0.5);
    story.add({
      type: 'EndPartnership',
      data: { providerId, resellerId, reason: random.pick(['Contract not renewed', 'Reseller changed distributor', 'Business closed in region']) },
      context: story.context(adminOf(byProvider ? provider : reseller)),
    });
    if (pair.reinvited) {
      story.wait(5 * DAY, 30 * DAY);
      inviteAndAuthorize(true);
    }
  }
  return { key: `partnership-${index}`, commands: story.commands };
}

// -----------------------------------------------------------------------------------------------
// Customer stories

function pickPartner(random: SeededRandom, pool: WeightedPartners, exclude: ReadonlySet<string>): PartnerProfile | undefined {
  const total = pool.cumulative[pool.cumulative.length - 1] ?? 0;
  if (total === 0) return undefined;
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const roll = random.next() * total;
    let low = 0;
    let high = pool.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (pool.cumulative[middle]! > roll) high = middle;
      else low = middle + 1;
    }
    const partner = pool.partners[low]!;
    if (!exclude.has(partner.partnerId)) return partner;
  }
  return undefined;
}

/** The customer stream's view of one partner, as the story goes. */
interface PartnerLink {
  active: boolean;
  dap: boolean;
  everActive: boolean;
}

interface Subscription {
  readonly subscriptionId: string;
  readonly billing: Billing;
  readonly channel: Channel;
  partnerOfRecord: string | undefined;
  termEndsAt: number | undefined;
  /** A license on a monthly term: it may move to another partner once the month is over. */
  readonly shortTerm: boolean;
}

/**
 * One customer's history. It registers (itself, or through a partner's seller), asks 0–3 partners
 * for a relationship (directly, or through an indirect reseller together with one of its active
 * providers; with or without DAP) and accepts, declines or ignores each request; buys 0–3
 * subscriptions (csp through a partner of record, or direct, ea, open, advisor, third-party),
 * delegates management of some, switches some Azure subscriptions (and licenses whose term ended)
 * to another partner, cancels some; some relationships are later removed (their DAP grant is
 * retained) and some grants revoked, by the customer or by the partner giving them up.
 */
export function customerStory(roster: DemoRoster, index: number): CustomerStory {
  const { seed, customers } = roster.options;
  const random = new SeededRandom(seed, 'customer', index);
  const start = CUSTOMERS_FROM + Math.floor((index / Math.max(1, customers)) * CUSTOMERS_SPAN) + random.int(2 * DAY);
  const story = new StoryWriter(random, start);
  let cloud: Cloud = random.weighted(CUSTOMER_CLOUDS);
  if ((roster.approvedByCloud.get(cloud)?.partners.length ?? 0) === 0) cloud = 'global';
  const pool = roster.approvedByCloud.get(cloud)!;
  const customerId = random.uuid();
  const customerAdmin: Actor = { kind: 'customer', tenantId: customerId, userId: random.uuid(), roles: ['global-admin'] };
  const company = `${random.pick(NAME_FIRST)} ${random.pick(COMPANY_KINDS)} ${index + 1}`;
  const country = cloud === 'global' ? random.pick(GLOBAL_COUNTRIES) : COUNTRY_OF_CLOUD[cloud];
  const partnerOf = (partnerId: string): PartnerProfile => roster.partnersById.get(partnerId)!;

  const links = new Map<string, PartnerLink>();
  const link = (partnerId: string): PartnerLink => {
    let found = links.get(partnerId);
    if (!found) {
      found = { active: false, dap: false, everActive: false };
      links.set(partnerId, found);
    }
    return found;
  };
  const activePartners = (): string[] => [...links].filter(([, l]) => l.active).map(([id]) => id);
  let customerStreamEvents = 0;
  const counts = { removed: 0, revoked: 0, open: 0, declined: 0, combined: 0, delegations: 0, switches: 0, cancellations: 0 };
  const subscriptions: Subscription[] = [];

  // Registration: by the customer's own admin, or by a seller of the partner that brings it in.
  const wantedPartners = pool.partners.length === 0 ? 0 : Number(random.weighted({ 0: 4, 1: 50, 2: 33, 3: 13 }));
  const first = wantedPartners > 0 ? pickPartner(random, pool, new Set()) : undefined;
  const registeredByPartner = first !== undefined && random.chance(0.3);
  story.add({
    type: 'RegisterCustomer',
    data: { customerId, companyName: company, domain: `${domainOf(company).replace('.example', '')}.onmicrosoft.com`, country, cloud },
    context: story.context(registeredByPartner ? sellerOf(first) : customerAdmin),
  });
  customerStreamEvents += 1;

  /** A request (direct, or combined through a reseller) and the customer's answer. */
  const requestRelationship = (partner: PartnerProfile, answer: 'accept' | 'decline' | 'open'): void => {
    story.wait(HOUR, 3 * DAY);
    const includeDelegatedAdmin = random.chance(0.65);
    const providers = partner.partnerType === 'indirect-reseller' ? (roster.activeProvidersOf.get(partner.partnerId) ?? []) : [];
    const combinedWith = providers.length > 0 && random.chance(0.5) ? random.pick(providers) : undefined;
    const request = story.add(
      combinedWith
        ? {
            type: 'InviteCustomerWithIndirectProvider',
            data: { customerId, resellerId: partner.partnerId, providerId: combinedWith, includeDelegatedAdmin },
            context: story.context(sellerOf(partner)),
          }
        : {
            type: 'RequestResellerRelationship',
            data: { customerId, partnerId: partner.partnerId, includeDelegatedAdmin },
            context: story.context(sellerOf(partner)),
          },
    );
    customerStreamEvents += 1;
    if (combinedWith) counts.combined += 1;
    if (answer === 'open') {
      counts.open += 1;
      return;
    }
    story.wait(10 * MINUTE, 5 * DAY);
    const requestId = request.context.commandId;
    if (answer === 'decline') {
      story.add({ type: 'DeclineRelationship', data: { customerId, requestId }, context: story.context(customerAdmin) });
      customerStreamEvents += 1;
      counts.declined += 1;
      return;
    }
    story.add({ type: 'AcceptRelationship', data: { customerId, requestId }, context: story.context(customerAdmin) });
    customerStreamEvents += 1;
    for (const partnerId of combinedWith ? [partner.partnerId, combinedWith] : [partner.partnerId]) {
      const state = link(partnerId);
      if (!state.active) customerStreamEvents += 1;
      state.active = true;
      state.everActive = true;
    }
    if (includeDelegatedAdmin) {
      const state = link(partner.partnerId);
      if (!state.dap) customerStreamEvents += 1;
      state.dap = true;
    }
  };

  // Relationships.
  const asked = new Set<string>();
  for (let slot = 0; slot < wantedPartners; slot += 1) {
    const partner = slot === 0 ? first : pickPartner(random, pool, new Set([...asked, ...activePartners()]));
    if (!partner || asked.has(partner.partnerId) || link(partner.partnerId).active) continue;
    asked.add(partner.partnerId);
    const answer = random.weighted({ accept: 86, decline: 8, open: 6 });
    requestRelationship(partner, answer);
    // A declined partner sometimes asks again later, and is accepted.
    if (answer === 'decline' && random.chance(0.4)) {
      story.wait(5 * DAY, 40 * DAY);
      requestRelationship(partner, 'accept');
    }
  }

  // Subscriptions.
  const subscriptionCount = Number(random.weighted({ 0: 15, 1: 40, 2: 30, 3: 15 }));
  for (let n = 0; n < subscriptionCount; n += 1) {
    story.wait(HOUR, 20 * DAY);
    const active = activePartners();
    const { offer, billing } = OFFERS[Number(random.weighted(OFFER_WEIGHTS))]!;
    const csp = active.length > 0 && random.chance(0.7);
    const channel: Channel = csp ? 'csp' : random.weighted(NON_CSP_CHANNELS);
    const partnerOfRecord = csp ? random.pick(active) : undefined;
    const subscriptionId = random.uuid();
    // Licenses run a year; a few monthly-term ones end soon, so a switch after the term is possible.
    const shortTerm = billing === 'license' && random.chance(0.1);
    const termEndsAt = billing === 'license' ? story.time + (shortTerm ? 30 * DAY : 365 * DAY) : undefined;
    const actor = partnerOfRecord ? sellerOf(partnerOf(partnerOfRecord)) : random.chance(0.5) ? PROGRAM_ACTOR : customerAdmin;
    story.add({
      type: 'RecordSubscription',
      data: {
        subscriptionId,
        customerId,
        offer,
        billing,
        channel,
        ...(partnerOfRecord ? { partnerOfRecord } : {}),
        ...(termEndsAt !== undefined ? { termEndsAt: new Date(termEndsAt).toISOString() } : {}),
      },
      context: story.context(actor),
    });
    subscriptions.push({ subscriptionId, billing, channel, partnerOfRecord, termEndsAt, shortTerm });
  }
  for (const subscription of subscriptions) {
    const active = activePartners();
    // Multi-channel: a partner hired to manage a subscription bought elsewhere.
    if (subscription.channel !== 'csp' && active.length > 0 && random.chance(0.3)) {
      story.wait(DAY, 30 * DAY);
      story.add({
        type: 'DelegateSubscriptionManagement',
        data: { subscriptionId: subscription.subscriptionId, partnerId: random.pick(active) },
        context: story.context(customerAdmin),
      });
      counts.delegations += 1;
    }
    const others = active.filter((partnerId) => partnerId !== subscription.partnerOfRecord);
    const mayMove = subscription.billing === 'usage' || subscription.shortTerm;
    if (others.length > 0 && mayMove && random.chance(subscription.billing === 'usage' ? 0.25 : 0.5)) {
      story.wait(DAY, 60 * DAY);
      // A license may move only once its term has ended.
      if (subscription.billing === 'license') story.time = Math.max(story.time, subscription.termEndsAt! + DAY);
      const toPartnerId = random.pick(others);
      story.add({ type: 'SwitchSubscriptionPartner', data: { subscriptionId: subscription.subscriptionId, toPartnerId }, context: story.context(customerAdmin) });
      subscription.partnerOfRecord = toPartnerId;
      counts.switches += 1;
    }
  }

  // Removals: the partner's admin ends the relationship; an active DAP grant stays (retained).
  for (const [partnerId, state] of links) {
    if (!state.active || !random.chance(0.13)) continue;
    story.wait(20 * DAY, 200 * DAY);
    const noticeRequired = random.chance(0.3);
    story.add({
      type: 'RemoveCustomerRelationship',
      data: {
        customerId,
        partnerId,
        attestation: { goodFaith: true, legitimateBusinessPurpose: random.pick(['Customer moved to another partner', 'Contract ended', 'Company acquired']) },
        legalNotice: noticeRequired ? { required: true, providedAt: new Date(story.time - DAY).toISOString() } : { required: false },
      },
      context: story.context(adminOf(partnerOf(partnerId))),
    });
    customerStreamEvents += 1;
    state.active = false;
    counts.removed += 1;
  }

  // Revocations: the customer cleans up some retained grants; a few partners give theirs up.
  for (const [partnerId, state] of links) {
    if (!state.dap) continue;
    const retained = !state.active;
    if (!random.chance(retained ? 0.3 : 0.04)) continue;
    story.wait(DAY, 90 * DAY);
    const byCustomer = retained || random.chance(0.5);
    story.add({
      type: 'RevokeDelegatedAdminPrivileges',
      data: { customerId, partnerId },
      context: story.context(byCustomer ? customerAdmin : adminOf(partnerOf(partnerId))),
    });
    customerStreamEvents += 1;
    state.dap = false;
    counts.revoked += 1;
  }

  // Cancellations: by the customer, or by a seller of the partner of record.
  for (const subscription of subscriptions) {
    if (!random.chance(0.1)) continue;
    story.wait(DAY, 120 * DAY);
    const bySeller = subscription.partnerOfRecord !== undefined && random.chance(0.5);
    story.add({
      type: 'CancelSubscription',
      data: { subscriptionId: subscription.subscriptionId },
      context: story.context(bySeller ? sellerOf(partnerOf(subscription.partnerOfRecord!)) : customerAdmin),
    });
    counts.cancellations += 1;
  }

  const byChannel: Partial<Record<Channel, number>> = {};
  for (const subscription of subscriptions) byChannel[subscription.channel] = (byChannel[subscription.channel] ?? 0) + 1;
  const grants = [...links.values()].filter((state) => state.dap);
  return {
    key: `customer-${index}`,
    commands: story.commands,
    outcome: {
      customerId,
      cloud,
      registeredByPartner,
      activePartners: activePartners(),
      removedRelationships: counts.removed,
      retainedGrants: grants.filter((state) => !state.active).length,
      activeGrants: grants.filter((state) => state.active).length,
      revokedGrants: counts.revoked,
      openRequests: counts.open,
      declinedRequests: counts.declined,
      combinedInvitations: counts.combined,
      subscriptions: byChannel,
      delegations: counts.delegations,
      switches: counts.switches,
      cancellations: counts.cancellations,
      customerStreamEvents,
    },
  };
}

/**
 * A customer with a long history (a large enterprise with churn): one partner after another is
 * asked with DAP, accepted, removed and its grant revoked, until the customer's stream holds about
 * `longHistoryEvents` events. Each cycle appends six events to the customer stream.
 */
export function longHistoryCustomerStory(roster: DemoRoster, index: number): CustomerStory {
  const { seed, longHistoryEvents } = roster.options;
  const random = new SeededRandom(seed, 'long-history-customer', index);
  const story = new StoryWriter(random, CUSTOMERS_FROM + random.int(30 * DAY));
  const pool = roster.approvedByCloud.get('global')!;
  const customerId = random.uuid();
  const customerAdmin: Actor = { kind: 'customer', tenantId: customerId, userId: random.uuid(), roles: ['global-admin'] };
  const company = `Humongous Insurance ${index + 1}`;
  story.add({
    type: 'RegisterCustomer',
    data: { customerId, companyName: company, domain: `humongous-${index + 1}.onmicrosoft.com`, country: 'US', cloud: 'global' },
    context: story.context(customerAdmin),
  });
  let events = 1;
  let cycles = 0;
  const partners = pool.partners.filter((partner) => partner.partnerType !== 'indirect-provider');
  while (partners.length > 0 && events < longHistoryEvents) {
    const partner = partners[cycles % partners.length]!;
    story.wait(HOUR, 2 * DAY);
    const request = story.add({
      type: 'RequestResellerRelationship',
      data: { customerId, partnerId: partner.partnerId, includeDelegatedAdmin: true },
      context: story.context(sellerOf(partner)),
    });
    story.wait(10 * MINUTE, DAY);
    story.add({ type: 'AcceptRelationship', data: { customerId, requestId: request.context.commandId }, context: story.context(customerAdmin) });
    story.wait(DAY, 5 * DAY);
    story.add({
      type: 'RemoveCustomerRelationship',
      data: { customerId, partnerId: partner.partnerId, attestation: { goodFaith: true, legitimateBusinessPurpose: 'Project finished' }, legalNotice: { required: false } },
      context: story.context(adminOf(partner)),
    });
    story.wait(HOUR, 2 * DAY);
    story.add({ type: 'RevokeDelegatedAdminPrivileges', data: { customerId, partnerId: partner.partnerId }, context: story.context(customerAdmin) });
    events += 6; // requested, accepted, established, granted, removed, revoked
    cycles += 1;
  }
  return {
    key: `long-history-customer-${index}`,
    commands: story.commands,
    outcome: {
      customerId,
      cloud: 'global',
      registeredByPartner: false,
      activePartners: [],
      removedRelationships: cycles,
      retainedGrants: 0,
      activeGrants: 0,
      revokedGrants: cycles,
      openRequests: 0,
      declinedRequests: 0,
      combinedInvitations: 0,
      subscriptions: {},
      delegations: 0,
      switches: 0,
      cancellations: 0,
      customerStreamEvents: events,
    },
  };
}

/** The phases in order, each a lazily generated sequence of stories. */
export interface DemoPhases {
  readonly partners: () => Iterable<Story>;
  readonly partnerships: () => Iterable<Story>;
  readonly customers: () => Iterable<CustomerStory>;
}

export function demoPhases(roster: DemoRoster): DemoPhases {
  const { partners, customers, longHistoryCustomers } = roster.options;
  return {
    *partners() {
      for (let i = 0; i < partners; i += 1) yield partnerStory(roster, i);
    },
    *partnerships() {
      for (let i = 0; i < roster.partnerships.length; i += 1) yield partnershipStory(roster, i);
    },
    *customers() {
      // Long stories first: they are sequential, so starting them early keeps the tail short.
      for (let i = 0; i < longHistoryCustomers; i += 1) yield longHistoryCustomerStory(roster, i);
      for (let i = 0; i < customers; i += 1) yield customerStory(roster, i);
    },
  };
}
