import { randomUUID } from 'node:crypto';
import type { EventStore } from '@ledger/event-store';
import { type PartnerRole, streams } from '@ledger/kernel';
import { type AppProcess, startApp } from '../../../apps/ledger-api/test/support/app-process';
import type { HttpResult } from '../../../apps/ledger-api/test/support/http';
import { TEST_JWT_SECRET, tokenFor } from '../../../apps/ledger-api/test/support/tokens';
import {
  expectProblem,
  expectRefusedWithoutAppending,
  LedgerSeed,
  openEventLog,
  partnerUserToken,
  type SeededPartner,
} from '../../../test/support/ledger-seed';

/*
 * Indirect provider ↔ indirect reseller over HTTP (domain §4.2): InviteReseller,
 * AuthorizeIndirectProvider, RemoveProviderTenantAdminAccess, EndPartnership — success answers,
 * every error code with its status (invitation-not-found 404 vs 409), the authorization matrix in
 * the check order of api.md Errors, shape validation, idempotent retries. Refusals append nothing.
 */

jest.setTimeout(60_000);

/** Recorded roles that are not admins (`global-admin`, `account-admin`, `admin-agent`). */
const NOT_ADMIN: readonly PartnerRole[] = ['user-admin', 'sales-agent', 'helpdesk-agent', 'billing-admin'];

describe('partnerships over HTTP', () => {
  let app: AppProcess;
  let seed: LedgerSeed;
  let log: EventStore;

  beforeAll(async () => {
    app = await startApp({ env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET } });
    seed = new LedgerSeed(app.url);
    log = openEventLog(app.dataDir);
  });
  afterAll(async () => {
    await log?.close();
    await app?.stop();
  });

  const provider = (options: Parameters<LedgerSeed['approvedPartner']>[0] = {}) => seed.approvedPartner({ partnerType: 'indirect-provider', ...options });
  const reseller = (options: Parameters<LedgerSeed['approvedPartner']>[0] = {}) => seed.approvedPartner({ partnerType: 'indirect-reseller', ...options });
  const pair = async () => ({ provider: await provider(), reseller: await reseller() });

  const invite = (providerId: string, token: string, body: unknown, headers?: Record<string, string>): Promise<HttpResult> =>
    seed.http.post(`/v1/partners/${providerId}/reseller-invitations`, { token, body, ...(headers ? { headers } : {}) });
  const authorize = (resellerId: string, token: string, body: unknown): Promise<HttpResult> =>
    seed.http.post(`/v1/partners/${resellerId}/indirect-providers`, { token, body });
  const removeAccess = (resellerId: string, providerId: string, token: string): Promise<HttpResult> =>
    seed.http.delete(`/v1/partners/${resellerId}/indirect-providers/${providerId}/tenant-admin-access`, { token });
  const end = (providerId: string, resellerId: string, token: string, body: unknown = { reason: 'We stopped working together.' }): Promise<HttpResult> =>
    seed.http.post(`/v1/partnerships/${providerId}/${resellerId}/termination`, { token, body });

  const partnershipEvents = (providerId: string, resellerId: string) => log.readStream(streams.partnership(providerId, resellerId));
  const errorFields = (result: HttpResult): string[] => (result.body.errors as Array<{ field: string }>).map((error) => error.field);

  describe('POST /v1/partners/{providerId}/reseller-invitations (InviteReseller)', () => {
    it('answers 201 {invitationId, providerId, resellerId, position} and records the invitation with its message', async () => {
      const { provider: p, reseller: r } = await pair();
      const result = await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId, message: 'Let us sell Azure together.' });
      expect(result.status).toBe(201);
      expect(result.body).toEqual({
        invitationId: expect.any(String),
        providerId: p.partnerId,
        resellerId: r.partnerId,
        position: expect.stringMatching(/^\d+$/),
      });
      const events = await partnershipEvents(p.partnerId, r.partnerId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'ResellerInvited',
        data: { invitationId: result.body.invitationId, providerId: p.partnerId, resellerId: r.partnerId, message: 'Let us sell Azure together.' },
      });
      expect(String(events[0]!.position)).toBe(result.body.position);
    });

    it('takes the message as optional', async () => {
      const { provider: p, reseller: r } = await pair();
      expect((await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId })).status).toBe(201);
      const [invited] = await partnershipEvents(p.partnerId, r.partnerId);
      expect(invited!.data).not.toHaveProperty('message');
    });

    it('answers 404 partner-not-found for an unknown reseller, and for a provider that never enrolled', async () => {
      const p = await provider();
      await expectRefusedWithoutAppending(log, () => invite(p.partnerId, p.admin.token, { resellerId: randomUUID() }), 404, 'partner-not-found');
      const ghost = randomUUID();
      const r = await reseller();
      await expectRefusedWithoutAppending(log, () => invite(ghost, partnerUserToken(ghost, randomUUID(), ['global-admin']), { resellerId: r.partnerId }), 404, 'partner-not-found');
    });

    it('answers unknown ids (404) before recorded roles (403)', async () => {
      const p = await provider();
      const seller = await seed.addUser(p, ['sales-agent']);
      expectProblem(await invite(p.partnerId, seller.token, { resellerId: randomUUID() }), 404, 'partner-not-found');
    });

    it('refuses a provider that is not approved: 409 partner-not-approved', async () => {
      const pending = await seed.verify(await seed.pendingPartner({ partnerType: 'indirect-provider' }));
      const r = await reseller();
      await expectRefusedWithoutAppending(log, () => invite(pending.partnerId, pending.admin.token, { resellerId: r.partnerId }), 409, 'partner-not-approved');
    });

    it('refuses a provider that is not an indirect provider: 409 not-an-indirect-provider', async () => {
      const direct = await seed.approvedPartner({ partnerType: 'direct-provider' });
      const r = await reseller();
      await expectRefusedWithoutAppending(log, () => invite(direct.partnerId, direct.admin.token, { resellerId: r.partnerId }), 409, 'not-an-indirect-provider');
      const otherReseller = await reseller();
      await expectRefusedWithoutAppending(log, () => invite(otherReseller.partnerId, otherReseller.admin.token, { resellerId: r.partnerId }), 409, 'not-an-indirect-provider');
    });

    it('refuses a reseller that is not an approved indirect reseller: 409 not-an-indirect-reseller', async () => {
      const p = await provider();
      const candidates = [
        await seed.approvedPartner({ partnerType: 'direct-provider' }),
        await provider(),
        await seed.pendingPartner({ partnerType: 'indirect-reseller' }),
        await seed.reject(await seed.pendingPartner({ partnerType: 'indirect-reseller' })),
      ];
      for (const candidate of candidates) {
        await expectRefusedWithoutAppending(log, () => invite(p.partnerId, p.admin.token, { resellerId: candidate.partnerId }), 409, 'not-an-indirect-reseller');
      }
    });

    it('refuses partners in different clouds: 409 cross-cloud', async () => {
      const p = await provider({ cloud: 'global' });
      const r = await reseller({ cloud: 'china', country: 'CN' });
      await expectRefusedWithoutAppending(log, () => invite(p.partnerId, p.admin.token, { resellerId: r.partnerId }), 409, 'cross-cloud');
    });

    it('refuses while an invitation is open or the partnership is active: 409 partnership-exists; after the end the pair may be invited again', async () => {
      const { provider: p, reseller: r } = await pair();
      const { invitationId } = await seed.invite(p, r);
      await expectRefusedWithoutAppending(log, () => invite(p.partnerId, p.admin.token, { resellerId: r.partnerId }), 409, 'partnership-exists');
      await seed.authorize(p, r, invitationId);
      await expectRefusedWithoutAppending(log, () => invite(p.partnerId, p.admin.token, { resellerId: r.partnerId }), 409, 'partnership-exists');
      expect((await end(p.partnerId, r.partnerId, r.admin.token)).status).toBe(200);
      const again = await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId });
      expect(again.status).toBe(201);
      expect(again.body.invitationId).not.toBe(invitationId);
    });

    it('validates the path and the body (400)', async () => {
      const { provider: p, reseller: r } = await pair();
      const cases: Array<[string, unknown, string]> = [
        [p.partnerId, {}, 'resellerId'],
        [p.partnerId, { resellerId: 'contoso-reseller' }, 'resellerId'],
        [p.partnerId, { resellerId: r.partnerId, message: 'm'.repeat(2001) }, 'message'],
        [p.partnerId, { resellerId: r.partnerId, message: 42 }, 'message'],
        [p.partnerId, { resellerId: r.partnerId, grants: ['submit-orders'] }, 'grants'],
        ['provider-1', { resellerId: r.partnerId }, 'providerId'],
      ];
      for (const [providerId, body, field] of cases) {
        const result = await expectRefusedWithoutAppending(log, () => invite(providerId, p.admin.token, body), 400, 'validation-failed');
        expect(errorFields(result)).toContain(field);
      }
      expect((await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId, message: 'm'.repeat(2000) })).status).toBe(201);
    });

    it('answers an idempotent retry with the same invitation and appends nothing', async () => {
      const { provider: p, reseller: r } = await pair();
      const headers = { 'idempotency-key': `invite-${r.partnerId}` };
      const first = await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId }, headers);
      expect(first.status).toBe(201);
      const head = await log.headPosition();
      const retry = await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId }, headers);
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first.body });
      expect(await log.headPosition()).toBe(head);
      // A refusal is replayed too: the key's first answer stands.
      const second = { 'idempotency-key': `invite-again-${r.partnerId}` };
      expectProblem(await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId }, second), 409, 'partnership-exists');
      const replayed = await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId }, second);
      expectProblem(replayed, 409, 'partnership-exists');
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    });
  });

  describe('POST /v1/partners/{resellerId}/indirect-providers (AuthorizeIndirectProvider)', () => {
    it('answers 201 {invitationId, providerId, resellerId, position} and records both grants', async () => {
      const { provider: p, reseller: r } = await pair();
      const { invitationId } = await seed.invite(p, r);
      const result = await authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId, consent: true });
      expect(result.status).toBe(201);
      expect(result.body).toEqual({ invitationId, providerId: p.partnerId, resellerId: r.partnerId, position: expect.stringMatching(/^\d+$/) });
      const events = await partnershipEvents(p.partnerId, r.partnerId);
      expect(events.at(-1)).toMatchObject({
        type: 'IndirectProviderAuthorized',
        data: { invitationId, providerId: p.partnerId, resellerId: r.partnerId, grants: ['submit-orders', 'reseller-tenant-admin'] },
      });
      expect(String(events.at(-1)!.position)).toBe(result.body.position);
    });

    it('refuses without consent: 422 consent-required (consent: false passes the shape check), then accepts with it', async () => {
      const { provider: p, reseller: r } = await pair();
      const { invitationId } = await seed.invite(p, r);
      await expectRefusedWithoutAppending(log, () => authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId, consent: false }), 422, 'consent-required');
      expect((await authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId, consent: true })).status).toBe(201);
    });

    it('answers 404 invitation-not-found for an id never issued by that provider to that reseller', async () => {
      const { provider: p, reseller: r } = await pair();
      await expectRefusedWithoutAppending(log, () => authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId: randomUUID(), consent: true }), 404, 'invitation-not-found');
      await seed.invite(p, r);
      await expectRefusedWithoutAppending(log, () => authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId: 'inv-unknown', consent: true }), 404, 'invitation-not-found');
      // Another provider's invitation to this reseller is not this provider's.
      const other = await provider();
      const { invitationId: othersInvitation } = await seed.invite(other, r);
      await expectRefusedWithoutAppending(log, () => authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId: othersInvitation, consent: true }), 404, 'invitation-not-found');
    });

    it('answers 409 invitation-not-found for an invitation no longer open (accepted, or of an ended partnership)', async () => {
      const { provider: p, reseller: r } = await pair();
      const { invitationId } = await seed.linkPartners(p, r);
      await expectRefusedWithoutAppending(log, () => authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId, consent: true }), 409, 'invitation-not-found');
      expect((await end(p.partnerId, r.partnerId, p.admin.token)).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId, consent: true }), 409, 'invitation-not-found');
    });

    it('checks the invitation (404) before consent (422), and roles (403) before consent', async () => {
      const { provider: p, reseller: r } = await pair();
      expectProblem(await authorize(r.partnerId, r.admin.token, { providerId: p.partnerId, invitationId: 'nope', consent: false }), 404, 'invitation-not-found');
      const { invitationId } = await seed.invite(p, r);
      const seller = await seed.addUser(r, ['sales-agent']);
      expectProblem(await authorize(r.partnerId, seller.token, { providerId: p.partnerId, invitationId, consent: false }), 403, 'forbidden');
    });

    it('answers 404 partner-not-found for an unknown provider', async () => {
      const r = await reseller();
      await expectRefusedWithoutAppending(log, () => authorize(r.partnerId, r.admin.token, { providerId: randomUUID(), invitationId: randomUUID(), consent: true }), 404, 'partner-not-found');
    });

    it('validates the path and the body (400)', async () => {
      const { provider: p, reseller: r } = await pair();
      const { invitationId } = await seed.invite(p, r);
      const cases: Array<[string, unknown, string]> = [
        [r.partnerId, { providerId: p.partnerId, invitationId }, 'consent'],
        [r.partnerId, { providerId: p.partnerId, invitationId, consent: 'yes' }, 'consent'],
        [r.partnerId, { providerId: p.partnerId, invitationId, consent: 1 }, 'consent'],
        [r.partnerId, { providerId: p.partnerId, invitationId: '', consent: true }, 'invitationId'],
        [r.partnerId, { providerId: p.partnerId, consent: true }, 'invitationId'],
        [r.partnerId, { providerId: 'provider-1', invitationId, consent: true }, 'providerId'],
        [r.partnerId, { providerId: p.partnerId, invitationId, consent: true, grants: [] }, 'grants'],
        ['reseller-1', { providerId: p.partnerId, invitationId, consent: true }, 'resellerId'],
      ];
      for (const [resellerId, body, field] of cases) {
        const result = await expectRefusedWithoutAppending(log, () => authorize(resellerId, r.admin.token, body), 400, 'validation-failed');
        expect(errorFields(result)).toContain(field);
      }
    });
  });

  describe('DELETE /v1/partners/{resellerId}/indirect-providers/{providerId}/tenant-admin-access (RemoveProviderTenantAdminAccess)', () => {
    it('answers 200 {providerId, resellerId, position}; the partnership stays active', async () => {
      const { provider: p, reseller: r } = await seed.linkedPair();
      const result = await removeAccess(r.partnerId, p.partnerId, r.admin.token);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ providerId: p.partnerId, resellerId: r.partnerId, position: expect.stringMatching(/^\d+$/) });
      const events = await partnershipEvents(p.partnerId, r.partnerId);
      expect(events.at(-1)).toMatchObject({ type: 'ProviderTenantAdminAccessRemoved', data: { providerId: p.partnerId, resellerId: r.partnerId } });
      expectProblem(await invite(p.partnerId, p.admin.token, { resellerId: r.partnerId }), 409, 'partnership-exists');
      expect((await end(p.partnerId, r.partnerId, p.admin.token)).status).toBe(200);
    });

    it('refuses a second removal: 409 no-tenant-admin-access', async () => {
      const { provider: p, reseller: r } = await seed.linkedPair();
      expect((await removeAccess(r.partnerId, p.partnerId, r.admin.token)).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => removeAccess(r.partnerId, p.partnerId, r.admin.token), 409, 'no-tenant-admin-access');
    });

    it('refuses without an active partnership: 409 partnership-not-found (none, only invited, or ended)', async () => {
      const { provider: p, reseller: r } = await pair();
      await expectRefusedWithoutAppending(log, () => removeAccess(r.partnerId, p.partnerId, r.admin.token), 409, 'partnership-not-found');
      const { invitationId } = await seed.invite(p, r);
      await expectRefusedWithoutAppending(log, () => removeAccess(r.partnerId, p.partnerId, r.admin.token), 409, 'partnership-not-found');
      await seed.authorize(p, r, invitationId);
      expect((await end(p.partnerId, r.partnerId, r.admin.token)).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => removeAccess(r.partnerId, p.partnerId, r.admin.token), 409, 'partnership-not-found');
    });

    it('answers 404 partner-not-found for an unknown provider', async () => {
      const r = await reseller();
      await expectRefusedWithoutAppending(log, () => removeAccess(r.partnerId, randomUUID(), r.admin.token), 404, 'partner-not-found');
    });

    it('validates the path ids (400)', async () => {
      const { provider: p, reseller: r } = await seed.linkedPair();
      await expectRefusedWithoutAppending(log, () => removeAccess('r-1', p.partnerId, r.admin.token), 400, 'validation-failed');
      await expectRefusedWithoutAppending(log, () => removeAccess(r.partnerId, 'p-1', r.admin.token), 400, 'validation-failed');
    });
  });

  describe('POST /v1/partnerships/{providerId}/{resellerId}/termination (EndPartnership)', () => {
    it.each(['provider', 'reseller'] as const)('answers 200 {providerId, resellerId, position} when the %s ends it, recording who and why', async (side) => {
      const { provider: p, reseller: r } = await seed.linkedPair();
      const acting = side === 'provider' ? p : r;
      const result = await end(p.partnerId, r.partnerId, acting.admin.token, { reason: 'Contract ended' });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ providerId: p.partnerId, resellerId: r.partnerId, position: expect.stringMatching(/^\d+$/) });
      const events = await partnershipEvents(p.partnerId, r.partnerId);
      expect(events.at(-1)).toMatchObject({ type: 'PartnershipEnded', data: { providerId: p.partnerId, resellerId: r.partnerId, endedBy: side, reason: 'Contract ended' } });
    });

    it('refuses without an active partnership: 409 partnership-not-found (only invited, or already ended)', async () => {
      const { provider: p, reseller: r } = await pair();
      await expectRefusedWithoutAppending(log, () => end(p.partnerId, r.partnerId, p.admin.token), 409, 'partnership-not-found');
      const { invitationId } = await seed.invite(p, r);
      await expectRefusedWithoutAppending(log, () => end(p.partnerId, r.partnerId, p.admin.token), 409, 'partnership-not-found');
      await seed.authorize(p, r, invitationId);
      expect((await end(p.partnerId, r.partnerId, p.admin.token)).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => end(p.partnerId, r.partnerId, r.admin.token), 409, 'partnership-not-found');
    });

    it('answers 404 partner-not-found when the other side is unknown', async () => {
      const p = await provider();
      await expectRefusedWithoutAppending(log, () => end(p.partnerId, randomUUID(), p.admin.token), 404, 'partner-not-found');
    });

    it('refuses a partner that is neither side, even an admin (403)', async () => {
      const { provider: p, reseller: r } = await seed.linkedPair();
      const outsider = await provider();
      await expectRefusedWithoutAppending(log, () => end(p.partnerId, r.partnerId, outsider.admin.token), 403, 'forbidden');
    });

    it('validates the path and the reason (400)', async () => {
      const { provider: p, reseller: r } = await seed.linkedPair();
      for (const body of [{}, { reason: '' }, { reason: 'r'.repeat(2001) }, { reason: 'ok', notify: false }]) {
        await expectRefusedWithoutAppending(log, () => end(p.partnerId, r.partnerId, p.admin.token, body), 400, 'validation-failed');
      }
      await expectRefusedWithoutAppending(log, () => end('p-1', r.partnerId, p.admin.token), 400, 'validation-failed');
      await expectRefusedWithoutAppending(log, () => end(p.partnerId, 'r-1', p.admin.token), 400, 'validation-failed');
    });
  });

  /*
   * The authorization matrix (admins of the acting partner), in the order of api.md Errors:
   * actor kind and tenant (403) → unknown ids (404) → recorded roles (403) → approved (409).
   * `setup` builds a fresh scenario in which the acting partner's admin would succeed.
   */
  interface Scenario {
    readonly acting: SeededPartner;
    /** A partner involved in the call whose users may not make it. */
    readonly otherSide: SeededPartner;
    readonly send: (token: string) => Promise<HttpResult>;
  }
  const scenarios: Array<[string, () => Promise<Scenario>]> = [
    [
      'InviteReseller (admins of the provider)',
      async () => {
        const { provider: p, reseller: r } = await pair();
        return { acting: p, otherSide: r, send: (token) => invite(p.partnerId, token, { resellerId: r.partnerId }) };
      },
    ],
    [
      'AuthorizeIndirectProvider (admins of the reseller)',
      async () => {
        const { provider: p, reseller: r } = await pair();
        const { invitationId } = await seed.invite(p, r);
        return { acting: r, otherSide: p, send: (token) => authorize(r.partnerId, token, { providerId: p.partnerId, invitationId, consent: true }) };
      },
    ],
    [
      'RemoveProviderTenantAdminAccess (admins of the reseller)',
      async () => {
        const { provider: p, reseller: r } = await seed.linkedPair();
        return { acting: r, otherSide: p, send: (token) => removeAccess(r.partnerId, p.partnerId, token) };
      },
    ],
    [
      'EndPartnership (admins of the provider)',
      async () => {
        const { provider: p, reseller: r } = await seed.linkedPair();
        return { acting: p, otherSide: await provider(), send: (token) => end(p.partnerId, r.partnerId, token) };
      },
    ],
    [
      'EndPartnership (admins of the reseller)',
      async () => {
        const { provider: p, reseller: r } = await seed.linkedPair();
        return { acting: r, otherSide: await reseller(), send: (token) => end(p.partnerId, r.partnerId, token) };
      },
    ],
  ];

  describe.each(scenarios)('who may run %s', (_name, setup) => {
    it.each(['customer', 'program', 'auditor', 'service'])('refuses a %s actor (403), even with tid = the acting partner', async (kind) => {
      const { acting, send } = await setup();
      const token = tokenFor({ kind, tid: acting.partnerId, sub: acting.admin.userId, roles: ['global-admin', 'reviewer'] });
      await expectRefusedWithoutAppending(log, () => send(token), 403, 'forbidden');
    });

    it('refuses an admin of a partner that may not act here (403)', async () => {
      const { otherSide, send } = await setup();
      await expectRefusedWithoutAppending(log, () => send(otherSide.admin.token), 403, 'forbidden');
    });

    it('refuses a user the ledger has not recorded, whatever the token claims (403)', async () => {
      const { acting, send } = await setup();
      await expectRefusedWithoutAppending(log, () => send(partnerUserToken(acting.partnerId, randomUUID(), ['global-admin', 'admin-agent'])), 403, 'forbidden');
    });

    it('refuses recorded users who are not admins (403)', async () => {
      const { acting, send } = await setup();
      for (const role of NOT_ADMIN) {
        const user = await seed.addUser(acting, [role]);
        await expectRefusedWithoutAppending(log, () => send(seed.tokenFor({ ...user.actor, roles: ['global-admin'] })), 403, 'forbidden');
      }
    });

    it('refuses a removed admin (403)', async () => {
      const { acting, send } = await setup();
      const admin = await seed.addUser(acting, ['account-admin']);
      expect((await seed.http.delete(`/v1/partners/${acting.partnerId}/users/${admin.userId}`, { token: acting.admin.token })).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => send(admin.token), 403, 'forbidden');
    });

    it.each<PartnerRole>(['account-admin', 'admin-agent'])('lets a recorded %s do it', async (role) => {
      const { acting, send } = await setup();
      const admin = await seed.addUser(acting, [role]);
      const result = await send(admin.token);
      expect([200, 201]).toContain(result.status);
    });
  });
});
