/**
 * The mixed command load of the HTTP commands benchmark, and the ledger it runs against.
 *
 * The ledger: approved direct-provider partners (enrolled, verified, approved, with a recorded
 * sales agent) and registered customers, all in the global cloud, written through the real
 * execute functions.
 *
 * The load: one pass of a client's sequence is a customer's life with two partners, ten commands,
 * thirteen events, every one of which the rules accept:
 *
 *   request (A, with DAP) → accept → request (B) → accept → record a CSP subscription (A) →
 *   switch it to B → cancel it → remove A's relationship → revoke A's DAP → remove B's relationship
 *
 * Each pass takes the next customer of the pool (wrapping around: a customer ends a pass with no
 * relationship and no grant, so it can start another), so 64 clients work on 64 customers at once
 * and their commands conflict only on nothing. The same sequence runs over HTTP (autocannon, ids
 * captured from the answers) and in-process (the execute functions), so the two rates compare.
 */
import { randomUUID } from 'node:crypto';
import {
  type AcceptRelationship,
  executeAcceptRelationship,
  executeRegisterCustomer,
  executeRemoveCustomerRelationship,
  executeRequestResellerRelationship,
  executeRevokeDelegatedAdminPrivileges,
  type RegisterCustomer,
  type RemoveCustomerRelationship,
  type RequestResellerRelationship,
  type RevokeDelegatedAdminPrivileges,
} from '@ledger/customers';
import type { EventStore } from '@ledger/event-store';
import type { Actor, CommandContext } from '@ledger/kernel';
import {
  type AddPartnerUser,
  type ApproveEnrollment,
  type EnrollPartner,
  executeAddPartnerUser,
  executeApproveEnrollment,
  executeEnrollPartner,
  executeVerifyPrimaryContactEmail,
  type VerifyPrimaryContactEmail,
} from '@ledger/partners';
import {
  type CancelSubscription,
  executeCancelSubscription,
  executeRecordSubscription,
  executeSwitchSubscriptionPartner,
  type RecordSubscription,
  type SwitchSubscriptionPartner,
} from '@ledger/subscriptions';
import { tokenFor } from '../../../apps/ledger-api/test/support/tokens';
import { BENCH_JWT_SECRET } from './api-process';
import type { LoadContext, LoadRequest } from './load';

export interface BenchPartner {
  readonly partnerId: string;
  readonly admin: Actor;
  readonly seller: Actor;
}

export interface CommandLedger {
  readonly partners: readonly BenchPartner[];
  readonly customerIds: readonly string[];
}

const PROGRAM: Actor = { kind: 'program', tenantId: 'csp-program', userId: 'bench-reviewer', roles: ['reviewer'] };
const TOKEN_LIFETIME_SECONDS = 4 * 3600;

function contextOf(actor: Actor): CommandContext {
  const commandId = randomUUID();
  return { commandId, correlationId: randomUUID(), causationId: commandId, actor, now: new Date().toISOString() };
}

const customerActor = (customerId: string): Actor => ({ kind: 'customer', tenantId: customerId, userId: `admin@${customerId}`, roles: ['global-admin'] });

/** Runs `work` over `items` with at most `concurrency` in flight (appends of one turn share a commit). */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Throws unless the execute function's command was accepted (a refused seed command is a bench bug). */
async function accepted(what: string, run: Promise<unknown>): Promise<void> {
  try {
    await run;
  } catch (error) {
    throw new Error(`Seeding the command ledger: ${what} was refused: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes the partners and customers through the execute functions. */
export async function seedCommandLedger(store: EventStore, sizes: { partners: number; customers: number }): Promise<CommandLedger> {
  const partners: BenchPartner[] = Array.from({ length: sizes.partners }, () => {
    const partnerId = randomUUID();
    return {
      partnerId,
      admin: { kind: 'partner', tenantId: partnerId, userId: `admin@${partnerId}`, roles: ['global-admin', 'admin-agent'] },
      seller: { kind: 'partner', tenantId: partnerId, userId: `sales@${partnerId}`, roles: ['sales-agent'] },
    };
  });
  await inPool(partners, 64, async (partner, index) => {
    const domain = `bench-partner-${index}.example`;
    const enroll: EnrollPartner = {
      type: 'EnrollPartner',
      data: {
        partnerId: partner.partnerId,
        partnerType: 'direct-provider',
        mpnId: String(7_000_000 + index),
        cloud: 'global',
        tenantCountry: 'US',
        legalProfile: { name: `Bench Partner ${index}`, address: `${index} Market Street`, country: 'US' },
        primaryContact: { name: 'Ada Admin', email: `ada@${domain}`, phone: '+1 555 0100' },
        supportContact: { email: `support@${domain}`, phone: '+1 555 0101' },
      },
      context: contextOf(partner.admin),
    };
    await accepted('EnrollPartner', executeEnrollPartner(store, enroll));
    const verify: VerifyPrimaryContactEmail = { type: 'VerifyPrimaryContactEmail', data: { partnerId: partner.partnerId, token: randomUUID() }, context: contextOf(PROGRAM) };
    await accepted('VerifyPrimaryContactEmail', executeVerifyPrimaryContactEmail(store, verify));
    const approve: ApproveEnrollment = { type: 'ApproveEnrollment', data: { partnerId: partner.partnerId }, context: contextOf(PROGRAM) };
    await accepted('ApproveEnrollment', executeApproveEnrollment(store, approve));
    const addSeller: AddPartnerUser = {
      type: 'AddPartnerUser',
      data: { partnerId: partner.partnerId, userId: partner.seller.userId, name: 'Sam Sales', email: `sam@${domain}`, roles: ['sales-agent'] },
      context: contextOf(partner.admin),
    };
    await accepted('AddPartnerUser', executeAddPartnerUser(store, addSeller));
  });
  const customerIds = Array.from({ length: sizes.customers }, () => randomUUID());
  await inPool(customerIds, 128, async (customerId, index) => {
    const register: RegisterCustomer = {
      type: 'RegisterCustomer',
      data: { customerId, companyName: `Bench Customer ${index}`, domain: `bench-customer-${index}.onmicrosoft.com`, country: 'US', cloud: 'global' },
      context: contextOf(customerActor(customerId)),
    };
    await accepted('RegisterCustomer', executeRegisterCustomer(store, register));
  });
  return { partners, customerIds };
}

/** One pass's cast: the customer and its two partners. */
interface Pass {
  readonly customerId: string;
  readonly a: BenchPartner;
  readonly b: BenchPartner;
}

/** Hands out passes: customers in order (wrapping), partner pairs spread over the partners. */
export class PassSource {
  private next = 0;
  constructor(private readonly ledger: CommandLedger) {}

  take(): Pass {
    const n = this.next++;
    const { partners, customerIds } = this.ledger;
    const count = partners.length;
    const a = partners[n % count]!;
    // Any other partner: an offset from 1 to count - 1 that changes every round of the partners.
    const b = partners[((n % count) + 1 + (Math.floor(n / count) % (count - 1))) % count]!;
    return { customerId: customerIds[n % customerIds.length]!, a, b };
  }

  /** Passes handed out so far. */
  get taken(): number {
    return this.next;
  }
}

export const COMMANDS_PER_PASS = 10;
export const EVENTS_PER_PASS = 13;

const REMOVAL_FACTS = {
  attestation: { goodFaith: true, legitimateBusinessPurpose: 'The customer moved its business to another partner.' },
  legalNotice: { required: false },
} as const;

// ---------------------------------------------------------------------------------------------
// Over HTTP

/** Bearer tokens, signed once per actor. */
class Tokens {
  private readonly cache = new Map<string, string>();
  of(actor: Actor): string {
    const key = `${actor.kind}:${actor.tenantId}:${actor.userId}`;
    let token = this.cache.get(key);
    if (token === undefined) {
      token = tokenFor({ kind: actor.kind, tid: actor.tenantId, sub: actor.userId, roles: actor.roles }, { secret: BENCH_JWT_SECRET, expiresInSeconds: TOKEN_LIFETIME_SECONDS });
      this.cache.set(key, token);
    }
    return token;
  }
}

interface HttpPassContext extends LoadContext {
  pass?: Pass;
  requestIdA?: string;
  requestIdB?: string;
  subscriptionId?: string;
}

/** The ten steps as autocannon requests; every write carries a fresh Idempotency-Key, as a careful client sends. */
export function httpCommandSequence(passes: PassSource): LoadRequest[] {
  const tokens = new Tokens();
  const headers = (actor: Actor): Record<string, string> => ({
    authorization: `Bearer ${tokens.of(actor)}`,
    'content-type': 'application/json',
    'idempotency-key': randomUUID(),
  });
  const passOf = (context: LoadContext): Pass => (context as HttpPassContext).pass!;
  const requestIdFrom = (body: string): string => (JSON.parse(body) as { requestId: string }).requestId;
  const customerPath = (pass: Pass): string => `/v1/customers/${pass.customerId}`;
  return [
    {
      label: 'request A',
      method: 'POST',
      build: (context) => {
        const pass = passes.take();
        (context as HttpPassContext).pass = pass;
        return { path: `${customerPath(pass)}/relationship-requests`, headers: headers(pass.a.seller), body: JSON.stringify({ partnerId: pass.a.partnerId, includeDelegatedAdmin: true }) };
      },
      onSuccess: (body, context) => ((context as HttpPassContext).requestIdA = requestIdFrom(body)),
    },
    {
      label: 'accept A',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        const requestId = (context as HttpPassContext).requestIdA ?? 'missing-request-id';
        return { path: `${customerPath(pass)}/relationship-requests/${requestId}/acceptance`, headers: headers(customerActor(pass.customerId)), body: '{}' };
      },
    },
    {
      label: 'request B',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        return { path: `${customerPath(pass)}/relationship-requests`, headers: headers(pass.b.seller), body: JSON.stringify({ partnerId: pass.b.partnerId, includeDelegatedAdmin: false }) };
      },
      onSuccess: (body, context) => ((context as HttpPassContext).requestIdB = requestIdFrom(body)),
    },
    {
      label: 'accept B',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        const requestId = (context as HttpPassContext).requestIdB ?? 'missing-request-id';
        return { path: `${customerPath(pass)}/relationship-requests/${requestId}/acceptance`, headers: headers(customerActor(pass.customerId)), body: '{}' };
      },
    },
    {
      label: 'record subscription',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        const subscriptionId = randomUUID();
        (context as HttpPassContext).subscriptionId = subscriptionId;
        return {
          path: '/v1/subscriptions',
          headers: headers(pass.a.seller),
          body: JSON.stringify({ subscriptionId, customerId: pass.customerId, offer: 'Azure plan', billing: 'usage', channel: 'csp', partnerOfRecord: pass.a.partnerId }),
        };
      },
    },
    {
      label: 'switch subscription',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        return {
          path: `/v1/subscriptions/${(context as HttpPassContext).subscriptionId}/partner-switch`,
          headers: headers(customerActor(pass.customerId)),
          body: JSON.stringify({ toPartnerId: pass.b.partnerId }),
        };
      },
    },
    {
      label: 'cancel subscription',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        return { path: `/v1/subscriptions/${(context as HttpPassContext).subscriptionId}/cancellation`, headers: headers(customerActor(pass.customerId)), body: '{}' };
      },
    },
    {
      label: 'remove A',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        return { path: `${customerPath(pass)}/relationships/${pass.a.partnerId}/removal`, headers: headers(pass.a.admin), body: JSON.stringify(REMOVAL_FACTS) };
      },
    },
    {
      label: 'revoke A DAP',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        return { path: `${customerPath(pass)}/dap-grants/${pass.a.partnerId}/revocation`, headers: headers(customerActor(pass.customerId)), body: '{}' };
      },
    },
    {
      label: 'remove B',
      method: 'POST',
      build: (context) => {
        const pass = passOf(context);
        return { path: `${customerPath(pass)}/relationships/${pass.b.partnerId}/removal`, headers: headers(pass.b.admin), body: JSON.stringify(REMOVAL_FACTS) };
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// In-process

/** One pass through the execute functions (what the HTTP handlers call), each command awaited in turn. */
export async function runPassInProcess(store: EventStore, pass: Pass): Promise<void> {
  const { customerId, a, b } = pass;
  const customer = customerActor(customerId);
  const request = async (partner: BenchPartner, includeDelegatedAdmin: boolean): Promise<string> => {
    const command: RequestResellerRelationship = { type: 'RequestResellerRelationship', data: { customerId, partnerId: partner.partnerId, includeDelegatedAdmin }, context: contextOf(partner.seller) };
    await executeRequestResellerRelationship(store, command);
    return command.context.commandId;
  };
  const accept = (requestId: string): Promise<unknown> => {
    const command: AcceptRelationship = { type: 'AcceptRelationship', data: { customerId, requestId }, context: contextOf(customer) };
    return executeAcceptRelationship(store, command);
  };
  const remove = (partner: BenchPartner): Promise<unknown> => {
    const command: RemoveCustomerRelationship = { type: 'RemoveCustomerRelationship', data: { customerId, partnerId: partner.partnerId, ...REMOVAL_FACTS }, context: contextOf(partner.admin) };
    return executeRemoveCustomerRelationship(store, command);
  };
  await accept(await request(a, true));
  await accept(await request(b, false));
  const subscriptionId = randomUUID();
  const record: RecordSubscription = {
    type: 'RecordSubscription',
    data: { subscriptionId, customerId, offer: 'Azure plan', billing: 'usage', channel: 'csp', partnerOfRecord: a.partnerId },
    context: contextOf(a.seller),
  };
  await executeRecordSubscription(store, record);
  const switchTo: SwitchSubscriptionPartner = { type: 'SwitchSubscriptionPartner', data: { subscriptionId, toPartnerId: b.partnerId }, context: contextOf(customer) };
  await executeSwitchSubscriptionPartner(store, switchTo);
  const cancel: CancelSubscription = { type: 'CancelSubscription', data: { subscriptionId }, context: contextOf(customer) };
  await executeCancelSubscription(store, cancel);
  await remove(a);
  const revoke: RevokeDelegatedAdminPrivileges = { type: 'RevokeDelegatedAdminPrivileges', data: { customerId, partnerId: a.partnerId }, context: contextOf(customer) };
  await executeRevokeDelegatedAdminPrivileges(store, revoke);
  await remove(b);
}
