import { randomInt, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import type { Cloud, PartnerRole, PartnerType } from '@ledger/kernel';
import { client, type HttpResult } from '../../apps/ledger-api/test/support/http';
import { type TestActor, TEST_JWT_SECRET, tokenFor } from '../../apps/ledger-api/test/support/tokens';

/*
 * Builds ledger scenarios OVER HTTP for any int test: partners enrolled, verified and approved
 * through the real write API, their users with tokens, and provider ↔ reseller partnerships.
 * Every step checks its answer and throws with the server's problem body when it fails, so a
 * broken seed reads as such. The app must run with LEDGER_JWT_SECRET = TEST_JWT_SECRET (or pass
 * the app's secret to the constructor). For seeding straight into the store (no HTTP), see
 * customer-seed.ts.
 *
 *   const app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET } });
 *   const seed = new LedgerSeed(app.url);
 *   const { provider, reseller } = await seed.linkedPair();          // approved, same cloud, linked
 *   const seller = await seed.addUser(reseller, ['sales-agent']);    // { userId, token, … }
 *   await seed.http.post('/v1/customers', { token: seller.token, body: … });
 */

/** A partner user the seed holds a token for. */
export interface SeededUser {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  /** The roles the ledger recorded; the token claims the same ones. */
  readonly roles: readonly PartnerRole[];
  readonly actor: TestActor;
  readonly token: string;
}

export interface SeededPartner {
  readonly partnerId: string;
  readonly partnerType: PartnerType;
  readonly cloud: Cloud;
  readonly country: string;
  readonly mpnId: string;
  /** The enrolling user (a UUID `sub`): recorded with `global-admin` and `admin-agent`. */
  readonly admin: SeededUser;
  /** Position of the partner's last seeded write. */
  readonly position: string;
}

export interface SeedPartnerOptions {
  /** Default `direct-provider`. */
  readonly partnerType?: PartnerType;
  /** Default `global`. */
  readonly cloud?: Cloud;
  /** Tenant and legal-profile country (default `US`). */
  readonly country?: string;
  readonly partnerId?: string;
  readonly mpnId?: string;
  /** The organisation's legal name (default `Partner <short id>`). */
  readonly name?: string;
}

export interface SeededPartnership {
  readonly invitationId: string;
  /** Position of the step's write. */
  readonly position: string;
}

/** The CSP program actor the seed verifies and reviews with (`reviewer`). */
export const SEED_PROGRAM: TestActor = { kind: 'program', tid: 'csp-program', sub: 'b5f0f2d4-5f2c-4c8e-9a51-0d7c3f1e2a10', roles: ['reviewer'] };

/** Fresh MPN ids (7 digits), unique within a test process: a random base, then counting. */
let mpnCounter = randomInt(1_000_000, 8_000_000);
export function uniqueMpnId(): string {
  mpnCounter += 1;
  return String(mpnCounter);
}

/** The body of a valid EnrollPartner request (business emails, matching countries). */
export function enrollmentBody(options: SeedPartnerOptions & { readonly partnerId: string }): Record<string, unknown> {
  const country = options.country ?? 'US';
  const short = options.partnerId.slice(0, 8);
  return {
    partnerId: options.partnerId,
    partnerType: options.partnerType ?? 'direct-provider',
    mpnId: options.mpnId ?? uniqueMpnId(),
    cloud: options.cloud ?? 'global',
    tenantCountry: country,
    legalProfile: { name: options.name ?? `Partner ${short}`, address: '1 Main Street, Springfield', country },
    primaryContact: { name: `Admin ${short}`, email: `admin@p-${short}.example`, phone: '+1 555 0100' },
    supportContact: { email: `support@p-${short}.example`, phone: '+1 555 0199', website: `https://p-${short}.example/support` },
  };
}

/** A token for a partner user claiming `roles` (for partner users the ledger's recorded roles are what count). */
export function partnerUserToken(partnerId: string, userId: string, roles: readonly string[] = [], secret = TEST_JWT_SECRET): string {
  return tokenFor({ kind: 'partner', tid: partnerId, sub: userId, roles }, { secret });
}

export class SeedStepError extends Error {
  override readonly name = 'SeedStepError';
}

/** Throws unless the answer has the expected status; returns it. */
export function expectStatus(step: string, result: HttpResult, status: number): HttpResult {
  if (result.status !== status) {
    throw new SeedStepError(`${step}: expected ${status}, got ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result;
}

export class LedgerSeed {
  readonly http: ReturnType<typeof client>;
  /** A `program` `reviewer` token. */
  readonly programToken: string;

  constructor(
    readonly baseUrl: string,
    private readonly secret: string = TEST_JWT_SECRET,
  ) {
    this.http = client(baseUrl);
    this.programToken = this.tokenFor(SEED_PROGRAM);
  }

  tokenFor(actor: TestActor): string {
    return tokenFor(actor, { secret: this.secret });
  }

  /** EnrollPartner only: the partner is `pending`, its primary contact unverified. */
  async pendingPartner(options: SeedPartnerOptions = {}): Promise<SeededPartner> {
    const partnerId = options.partnerId ?? randomUUID();
    const body = enrollmentBody({ ...options, partnerId });
    const contact = body.primaryContact as { name: string; email: string };
    const roles: PartnerRole[] = ['global-admin', 'admin-agent'];
    const actor: TestActor = { kind: 'partner', tid: partnerId, sub: randomUUID(), roles };
    const admin: SeededUser = { userId: actor.sub, name: contact.name, email: contact.email, roles, actor, token: this.tokenFor(actor) };
    const enrolled = expectStatus('EnrollPartner', await this.http.post('/v1/partners', { token: admin.token, body }), 201);
    return {
      partnerId,
      partnerType: body.partnerType as PartnerType,
      cloud: body.cloud as Cloud,
      country: body.tenantCountry as string,
      mpnId: body.mpnId as string,
      admin,
      position: enrolled.body.position as string,
    };
  }

  /** VerifyPrimaryContactEmail by the program. */
  async verify(partner: SeededPartner): Promise<SeededPartner> {
    const result = await this.http.post(`/v1/partners/${partner.partnerId}/primary-contact/verification`, {
      token: this.programToken,
      body: { token: `link-${randomUUID()}` },
    });
    return { ...partner, position: expectStatus('VerifyPrimaryContactEmail', result, 200).body.position as string };
  }

  /** ApproveEnrollment by a program reviewer (the contact must be verified). */
  async approve(partner: SeededPartner): Promise<SeededPartner> {
    const result = await this.http.post(`/v1/partners/${partner.partnerId}/approval`, { token: this.programToken, body: {} });
    return { ...partner, position: expectStatus('ApproveEnrollment', result, 200).body.position as string };
  }

  /** RejectEnrollment by a program reviewer. */
  async reject(partner: SeededPartner, reason = 'Seeded rejection'): Promise<SeededPartner> {
    const result = await this.http.post(`/v1/partners/${partner.partnerId}/rejection`, { token: this.programToken, body: { reason } });
    return { ...partner, position: expectStatus('RejectEnrollment', result, 200).body.position as string };
  }

  /** Enrolled, verified and approved: a partner that may act. */
  async approvedPartner(options: SeedPartnerOptions = {}): Promise<SeededPartner> {
    return this.approve(await this.verify(await this.pendingPartner(options)));
  }

  /** AddPartnerUser by the partner's admin: a new user with exactly these recorded roles, and a token. */
  async addUser(
    partner: SeededPartner,
    roles: readonly PartnerRole[],
    options: { readonly userId?: string; readonly name?: string; readonly email?: string } = {},
  ): Promise<SeededUser> {
    const userId = options.userId ?? randomUUID();
    const name = options.name ?? `User ${userId.slice(0, 8)}`;
    const email = options.email ?? `user-${userId.slice(0, 8)}@p-${partner.partnerId.slice(0, 8)}.example`;
    const result = await this.http.post(`/v1/partners/${partner.partnerId}/users`, {
      token: partner.admin.token,
      body: { userId, name, email, roles },
    });
    expectStatus('AddPartnerUser', result, 201);
    const actor: TestActor = { kind: 'partner', tid: partner.partnerId, sub: userId, roles };
    return { userId, name, email, roles, actor, token: this.tokenFor(actor) };
  }

  /** InviteReseller by the provider's admin: an open invitation. */
  async invite(provider: SeededPartner, reseller: SeededPartner, message?: string): Promise<SeededPartnership> {
    const result = await this.http.post(`/v1/partners/${provider.partnerId}/reseller-invitations`, {
      token: provider.admin.token,
      body: { resellerId: reseller.partnerId, ...(message !== undefined ? { message } : {}) },
    });
    expectStatus('InviteReseller', result, 201);
    return { invitationId: result.body.invitationId as string, position: result.body.position as string };
  }

  /** AuthorizeIndirectProvider by the reseller's admin, with consent. */
  async authorize(provider: SeededPartner, reseller: SeededPartner, invitationId: string): Promise<SeededPartnership> {
    const result = await this.http.post(`/v1/partners/${reseller.partnerId}/indirect-providers`, {
      token: reseller.admin.token,
      body: { providerId: provider.partnerId, invitationId, consent: true },
    });
    expectStatus('AuthorizeIndirectProvider', result, 201);
    return { invitationId, position: result.body.position as string };
  }

  /** An active partnership: the provider invites, the reseller authorizes (both approved, same cloud). */
  async linkPartners(provider: SeededPartner, reseller: SeededPartner): Promise<SeededPartnership> {
    const { invitationId } = await this.invite(provider, reseller);
    return this.authorize(provider, reseller, invitationId);
  }

  /** A new approved indirect provider and indirect reseller (same cloud and country) with an active partnership. */
  async linkedPair(
    options: { readonly cloud?: Cloud; readonly country?: string } = {},
  ): Promise<{ provider: SeededPartner; reseller: SeededPartner; partnership: SeededPartnership }> {
    const [provider, reseller] = await Promise.all([
      this.approvedPartner({ ...options, partnerType: 'indirect-provider' }),
      this.approvedPartner({ ...options, partnerType: 'indirect-reseller' }),
    ]);
    return { provider, reseller, partnership: await this.linkPartners(provider, reseller) };
  }
}

/**
 * Opens the app's event log (`<dataDir>/events.db`) from the test process, to look at what was
 * appended — e.g. that a refused command appended nothing (same head position before and after).
 * SQLite lets it read while the app writes. Close it in afterAll.
 */
export function openEventLog(dataDir: string): EventStore {
  return createSqliteEventStore({ path: path.join(dataDir, 'events.db'), durable: false });
}

/** Asserts an RFC 9457 answer with the ledger's `code` (api.md, Errors). */
export function expectProblem(result: HttpResult, status: number, code: string): void {
  expect({ status: result.status, code: result.body?.code }).toEqual({ status, code });
  expect(result.contentType).toContain('application/problem+json');
}

/**
 * Runs a request that must be refused and asserts the log's head did not move: "a refused command
 * appends nothing". Tests using it must not write concurrently to the same app.
 */
export async function expectRefusedWithoutAppending(
  log: EventStore,
  send: () => Promise<HttpResult>,
  status: number,
  code: string,
): Promise<HttpResult> {
  const before = await log.headPosition();
  const result = await send();
  expectProblem(result, status, code);
  expect(await log.headPosition()).toBe(before);
  return result;
}
