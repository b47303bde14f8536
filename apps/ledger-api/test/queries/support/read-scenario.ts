import { randomUUID } from 'node:crypto';
import type { Channel } from '@ledger/kernel';
import { expectStatus, LedgerSeed, type SeededPartner, type SeededUser } from '../../../../../test/support/ledger-seed';
import type { HttpResult } from '../../support/http';
import { type TestActor, tokenFor } from '../../support/tokens';

/*
 * Builds read scenarios through the real write API (ledger-seed for partners and partnerships,
 * plus the customer and subscription writes here). Every step returns the write's `position`, so
 * a test reads its own writes with `?minPosition=` and never sleeps.
 */

export const PROGRAM_ACTOR: TestActor = { kind: 'program', tid: 'csp-program', sub: 'reviewer-reads', roles: ['reviewer'] };
export const AUDITOR_ACTOR: TestActor = { kind: 'auditor', tid: 'compliance', sub: 'auditor-reads', roles: ['auditor'] };
export const SERVICE_ACTOR: TestActor = { kind: 'service', tid: 'billing-service', sub: 'svc-reads', roles: ['reader'] };

export interface Written {
  readonly position: string;
}

export class ReadSeed extends LedgerSeed {
  readonly program = this.tokenFor(PROGRAM_ACTOR);
  readonly auditor = this.tokenFor(AUDITOR_ACTOR);
  readonly service = this.tokenFor(SERVICE_ACTOR);

  /** The customer tenant's global admin. */
  customerToken(customerId: string): string {
    return this.tokenFor({ kind: 'customer', tid: customerId, sub: `admin-${customerId.slice(0, 8)}`, roles: ['global-admin'] });
  }

  /** An actor of another kind with an already expired token (401). */
  expiredToken(actor: TestActor): string {
    return tokenFor(actor, { expiresInSeconds: -60 });
  }

  /** RegisterCustomer by a seller of `by` (or by the customer itself when `by` is omitted). */
  async registerCustomer(by?: SeededPartner, options: { customerId?: string; companyName?: string } = {}): Promise<{ customerId: string } & Written> {
    const customerId = options.customerId ?? randomUUID();
    const body = {
      customerId,
      companyName: options.companyName ?? `Customer ${customerId.slice(0, 8)}`,
      domain: `c${customerId.slice(0, 8)}.onmicrosoft.com`,
      country: 'US',
      cloud: by?.cloud ?? 'global',
    };
    const result = await this.http.post('/v1/customers', { token: by ? by.admin.token : this.customerToken(customerId), body });
    return { customerId, position: expectStatus('RegisterCustomer', result, 201).body.position as string };
  }

  /** RequestResellerRelationship (or, with `indirectProviderId`, InviteCustomerWithIndirectProvider) by the partner's admin. */
  async request(
    partner: SeededPartner,
    customerId: string,
    options: { dap?: boolean; indirectProviderId?: string } = {},
  ): Promise<{ requestId: string } & Written> {
    const result = await this.http.post(`/v1/customers/${customerId}/relationship-requests`, {
      token: partner.admin.token,
      body: {
        partnerId: partner.partnerId,
        includeDelegatedAdmin: options.dap ?? false,
        ...(options.indirectProviderId ? { indirectProviderId: options.indirectProviderId } : {}),
      },
    });
    expectStatus('RequestResellerRelationship', result, 201);
    return { requestId: result.body.requestId as string, position: result.body.position as string };
  }

  async accept(customerId: string, requestId: string): Promise<Written> {
    const result = await this.http.post(`/v1/customers/${customerId}/relationship-requests/${requestId}/acceptance`, {
      token: this.customerToken(customerId),
      body: {},
    });
    return { position: expectStatus('AcceptRelationship', result, 200).body.position as string };
  }

  async decline(customerId: string, requestId: string): Promise<Written> {
    const result = await this.http.post(`/v1/customers/${customerId}/relationship-requests/${requestId}/decline`, {
      token: this.customerToken(customerId),
      body: {},
    });
    return { position: expectStatus('DeclineRelationship', result, 200).body.position as string };
  }

  /** A request accepted at once: an active relationship (and DAP with `dap`). */
  async relate(partner: SeededPartner, customerId: string, options: { dap?: boolean; indirectProviderId?: string } = {}): Promise<Written> {
    const { requestId } = await this.request(partner, customerId, options);
    return this.accept(customerId, requestId);
  }

  /** RemoveCustomerRelationship by the partner's admin, attested in good faith. */
  async removeRelationship(partner: SeededPartner, customerId: string): Promise<Written> {
    const result = await this.http.post(`/v1/customers/${customerId}/relationships/${partner.partnerId}/removal`, {
      token: partner.admin.token,
      body: {
        attestation: { goodFaith: true, legitimateBusinessPurpose: 'The customer moved to another partner.' },
        legalNotice: { required: false },
      },
    });
    return { position: expectStatus('RemoveCustomerRelationship', result, 200).body.position as string };
  }

  /** RevokeDelegatedAdminPrivileges by the customer. */
  async revokeDap(customerId: string, partnerId: string): Promise<Written> {
    const result = await this.http.post(`/v1/customers/${customerId}/dap-grants/${partnerId}/revocation`, {
      token: this.customerToken(customerId),
      body: {},
    });
    return { position: expectStatus('RevokeDelegatedAdminPrivileges', result, 200).body.position as string };
  }

  /** RecordSubscription: `csp` by the partner of record's admin, other channels by the customer. */
  async recordSubscription(
    customerId: string,
    options: { channel?: Channel; partnerOfRecord?: SeededPartner; offer?: string; billing?: 'license' | 'usage' } = {},
  ): Promise<{ subscriptionId: string } & Written> {
    const subscriptionId = randomUUID();
    const channel = options.channel ?? 'csp';
    const result = await this.http.post('/v1/subscriptions', {
      token: channel === 'csp' ? options.partnerOfRecord!.admin.token : this.customerToken(customerId),
      body: {
        subscriptionId,
        customerId,
        offer: options.offer ?? 'Microsoft 365 E3',
        billing: options.billing ?? 'license',
        channel,
        ...(channel === 'csp' ? { partnerOfRecord: options.partnerOfRecord!.partnerId } : {}),
      },
    });
    return { subscriptionId, position: expectStatus('RecordSubscription', result, 201).body.position as string };
  }

  /** DelegateSubscriptionManagement by the customer. */
  async delegateManagement(customerId: string, subscriptionId: string, partner: SeededPartner): Promise<Written> {
    const result = await this.http.post(`/v1/subscriptions/${subscriptionId}/management-delegation`, {
      token: this.customerToken(customerId),
      body: { partnerId: partner.partnerId },
    });
    return { position: expectStatus('DelegateSubscriptionManagement', result, 200).body.position as string };
  }

  /** RemovePartnerUser by the partner's admin. */
  async removeUser(partner: SeededPartner, user: SeededUser): Promise<Written> {
    const result = await this.http.delete(`/v1/partners/${partner.partnerId}/users/${user.userId}`, { token: partner.admin.token });
    return { position: expectStatus('RemovePartnerUser', result, 200).body.position as string };
  }

  /** GET with `?minPosition=` appended (the read-your-writes way every test reads). */
  read(path: string, token: string, minPosition?: string): Promise<HttpResult> {
    const separator = path.includes('?') ? '&' : '?';
    return this.http.get(minPosition ? `${path}${separator}minPosition=${minPosition}` : path, { token });
  }

  /** Every page of a list, following nextCursor with `limit` items per page. */
  async allPages(path: string, token: string, limit: number, minPosition?: string): Promise<{ pages: unknown[][]; items: unknown[] }> {
    const pages: unknown[][] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const query: string = `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const result = await this.read(query, token, minPosition);
      expectStatus(`GET ${query}`, result, 200);
      pages.push(result.body.items as unknown[]);
      cursor = result.body.nextCursor as string | null;
      if (pages.length > 1000) throw new Error('Too many pages: the cursor does not advance.');
    } while (cursor !== null);
    return { pages, items: pages.flat() };
  }
}

/** The highest of several positions (decimal strings). */
export function latest(...positions: readonly string[]): string {
  return positions.reduce((a, b) => (BigInt(a) >= BigInt(b) ? a : b));
}
