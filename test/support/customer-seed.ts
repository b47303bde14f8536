/*
 * Seeding for HTTP tests of the customers and subscriptions endpoints (usable by any int test).
 * Seeds an API test's data dir with facts through the real framework-free execute functions of
 * the bounded contexts (the same deciders and reservations the HTTP endpoints run), so an int test
 * can start from "an approved indirect reseller with an active partnership and a customer it works
 * with" without replaying every step over HTTP.
 *
 * The seed opens the data dir's `events.db` in the test process. The SQLite store supports several
 * processes on one file (WAL; writes are serialised by SQLite and every command re-reads its
 * streams), so seeding may happen before the API process starts or while it runs. The same handle
 * answers "what was appended" questions: `headPosition()`, `eventsOf(streamId)`.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createSqliteEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { type Actor, type Cloud, type CommandContext, type PartnerRole, type PartnerType, streams } from '@ledger/kernel';
import {
  executeAddPartnerUser,
  executeApproveEnrollment,
  executeEnrollPartner,
  executeVerifyPrimaryContactEmail,
} from '@ledger/partners';
import { executeAuthorizeIndirectProvider, executeInviteReseller } from '@ledger/partnerships';
import {
  executeAcceptRelationship,
  executeRegisterCustomer,
  executeRemoveCustomerRelationship,
  executeRequestResellerRelationship,
} from '@ledger/customers';

/** File name of the embedded store inside a data dir (as the API opens it). */
export const EVENTS_DB_FILE = 'events.db';

/**
 * The users every seeded partner has, by the roles the ledger records for them. The enrolling
 * user is the global admin (recorded with `global-admin` and `admin-agent`, domain §2).
 */
export const SEEDED_PARTNER_USERS = {
  globalAdmin: 'user-global-admin',
  accountAdmin: 'user-account-admin',
  salesAgent: 'user-sales-agent',
  helpdesk: 'user-helpdesk',
  billingAdmin: 'user-billing-admin',
} as const;

const EXTRA_USERS: ReadonlyArray<{ userId: string; name: string; roles: PartnerRole[] }> = [
  { userId: SEEDED_PARTNER_USERS.accountAdmin, name: 'Acc Admin', roles: ['account-admin'] },
  { userId: SEEDED_PARTNER_USERS.salesAgent, name: 'Sal Sales', roles: ['sales-agent'] },
  { userId: SEEDED_PARTNER_USERS.helpdesk, name: 'Hel Desk', roles: ['helpdesk-agent'] },
  { userId: SEEDED_PARTNER_USERS.billingAdmin, name: 'Bil Admin', roles: ['billing-admin'] },
];

/** The customer's global admin as the seed acts for it. */
export const SEEDED_CUSTOMER_ADMIN = 'customer-global-admin';

export const SEED_PROGRAM_ACTOR: Actor = { kind: 'program', tenantId: 'program', userId: 'seed-reviewer', roles: ['reviewer'] };

export interface SeedPartnerOptions {
  readonly partnerType?: PartnerType;
  readonly cloud?: Cloud;
  /** Default `approved`; `pending` stops after enrollment (contact not verified, not reviewed). */
  readonly status?: 'approved' | 'pending';
  readonly partnerId?: string;
}

export interface SeededPartner {
  readonly partnerId: string;
  readonly partnerType: PartnerType;
  readonly cloud: Cloud;
}

export interface SeedCustomerOptions {
  readonly customerId?: string;
  readonly cloud?: Cloud;
  readonly companyName?: string;
}

let mpnCounter = 0;

/** A fresh MPN id (6–10 digits) unlikely to collide across test files sharing nothing but this module. */
function freshMpnId(): string {
  mpnCounter += 1;
  return `${(Date.now() % 10_000_000).toString().padStart(7, '0')}${(mpnCounter % 1000).toString().padStart(3, '0')}`;
}

export function seedContext(actor: Actor): CommandContext {
  const commandId = randomUUID();
  return { commandId, correlationId: randomUUID(), causationId: commandId, actor, now: new Date().toISOString() };
}

export function partnerActor(partnerId: string, userId: string = SEEDED_PARTNER_USERS.globalAdmin): Actor {
  return { kind: 'partner', tenantId: partnerId, userId, roles: ['global-admin'] };
}

export function customerAdminActor(customerId: string): Actor {
  return { kind: 'customer', tenantId: customerId, userId: SEEDED_CUSTOMER_ADMIN, roles: ['global-admin'] };
}

export class LedgerSeed {
  constructor(readonly store: EventStore) {}

  /** Opens (creating if needed) the store of an API data dir. */
  static open(dataDir: string): LedgerSeed {
    return new LedgerSeed(createSqliteEventStore({ path: path.join(dataDir, EVENTS_DB_FILE), durable: false }));
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** The log's head position, as the API renders positions (a decimal string). */
  async headPosition(): Promise<string> {
    return String(await this.store.headPosition());
  }

  eventsOf(streamId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId);
  }

  /** Event types appended after `position` (exclusive), in log order. */
  async typesAfter(position: string): Promise<string[]> {
    return (await this.store.readAll({ after: Number(position) })).map((event) => event.type);
  }

  /**
   * Enrolls a partner (EnrollPartner by its global admin), adds the standard users
   * (SEEDED_PARTNER_USERS) and, unless `status: 'pending'`, verifies the contact and approves it.
   * A pending partner has only its global admin.
   */
  async partner(options: SeedPartnerOptions = {}): Promise<SeededPartner> {
    const partnerId = options.partnerId ?? randomUUID();
    const partnerType = options.partnerType ?? 'direct-provider';
    const cloud = options.cloud ?? 'global';
    const admin = partnerActor(partnerId);
    const domain = `partner-${partnerId.slice(0, 8)}.example`;
    await executeEnrollPartner(this.store, {
      type: 'EnrollPartner',
      data: {
        partnerId,
        partnerType,
        mpnId: freshMpnId(),
        cloud,
        tenantCountry: 'US',
        legalProfile: { name: `Partner ${partnerId.slice(0, 8)}`, address: '1 Main St, Seattle', country: 'US' },
        primaryContact: { name: 'Ada Admin', email: `ada@${domain}`, phone: '+1 555 0100' },
        supportContact: { email: `support@${domain}`, phone: '+1 555 0101' },
      },
      context: seedContext(admin),
    });
    if (options.status === 'pending') return { partnerId, partnerType, cloud };
    await executeVerifyPrimaryContactEmail(this.store, {
      type: 'VerifyPrimaryContactEmail',
      data: { partnerId, token: 'seed-token' },
      context: seedContext(SEED_PROGRAM_ACTOR),
    });
    await executeApproveEnrollment(this.store, { type: 'ApproveEnrollment', data: { partnerId }, context: seedContext(SEED_PROGRAM_ACTOR) });
    for (const user of EXTRA_USERS) {
      await executeAddPartnerUser(this.store, {
        type: 'AddPartnerUser',
        data: { partnerId, userId: user.userId, name: user.name, email: `${user.userId}@${domain}`, roles: user.roles },
        context: seedContext(admin),
      });
    }
    return { partnerId, partnerType, cloud };
  }

  /** An active two-tier partnership: the provider invites, the reseller authorizes it with consent. */
  async partnership(providerId: string, resellerId: string): Promise<void> {
    const invited = await executeInviteReseller(this.store, {
      type: 'InviteReseller',
      data: { providerId, resellerId },
      context: seedContext(partnerActor(providerId)),
    });
    const invitation = invited.events.find((event) => event.type === 'ResellerInvited');
    if (!invitation || invitation.type !== 'ResellerInvited') throw new Error('seed: InviteReseller recorded no invitation');
    await executeAuthorizeIndirectProvider(this.store, {
      type: 'AuthorizeIndirectProvider',
      data: { providerId, resellerId, invitationId: invitation.data.invitationId, consent: true },
      context: seedContext(partnerActor(resellerId)),
    });
  }

  /** RegisterCustomer by the customer's own global admin. */
  async customer(options: SeedCustomerOptions = {}): Promise<string> {
    const customerId = options.customerId ?? randomUUID();
    await executeRegisterCustomer(this.store, {
      type: 'RegisterCustomer',
      data: {
        customerId,
        companyName: options.companyName ?? `Customer ${customerId.slice(0, 8)}`,
        domain: `c${customerId.slice(0, 8)}.onmicrosoft.com`,
        country: 'US',
        cloud: options.cloud ?? 'global',
      },
      context: seedContext(customerAdminActor(customerId)),
    });
    return customerId;
  }

  /** An open request by the partner's global admin; returns its request id. */
  async request(customerId: string, partnerId: string, options: { dap?: boolean } = {}): Promise<string> {
    const context = seedContext(partnerActor(partnerId));
    await executeRequestResellerRelationship(this.store, {
      type: 'RequestResellerRelationship',
      data: { customerId, partnerId, includeDelegatedAdmin: options.dap ?? false },
      context,
    });
    return context.commandId;
  }

  /** An active reseller relationship (and DAP with `dap: true`): requested by the partner, accepted by the customer. */
  async relationship(customerId: string, partnerId: string, options: { dap?: boolean } = {}): Promise<void> {
    const requestId = await this.request(customerId, partnerId, options);
    await executeAcceptRelationship(this.store, {
      type: 'AcceptRelationship',
      data: { customerId, requestId },
      context: seedContext(customerAdminActor(customerId)),
    });
  }

  /** The partner's global admin ends the relationship (DAP stays: a retained grant). */
  async removeRelationship(customerId: string, partnerId: string): Promise<void> {
    await executeRemoveCustomerRelationship(this.store, {
      type: 'RemoveCustomerRelationship',
      data: {
        customerId,
        partnerId,
        attestation: { goodFaith: true, legitimateBusinessPurpose: 'Seeded removal' },
        legalNotice: { required: false },
      },
      context: seedContext(partnerActor(partnerId)),
    });
  }

  /** Event types of a customer's stream, in order. */
  async customerEventTypes(customerId: string): Promise<string[]> {
    return (await this.eventsOf(streams.customer(customerId))).map((event) => event.type);
  }
}
