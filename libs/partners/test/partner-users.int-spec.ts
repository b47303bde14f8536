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
 * A partner's users over HTTP (domain §4.1, §2): AddPartnerUser, ChangePartnerUserRoles,
 * RemovePartnerUser — success answers, every error code, the authorization matrix (actor kind,
 * tenant, unrecorded user, recorded user with too few roles, removed user) in the check order of
 * api.md Errors, shape validation, idempotent retries. Refusals append nothing.
 */

jest.setTimeout(60_000);

/** Recorded roles that are not user managers (`global-admin`, `user-admin`, `admin-agent`). */
const NOT_USER_MANAGER: readonly PartnerRole[] = ['account-admin', 'sales-agent', 'helpdesk-agent', 'billing-admin'];

describe("a partner's users over HTTP", () => {
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

  const newUser = (overrides: Record<string, unknown> = {}) => {
    const userId = randomUUID();
    return { userId, name: `Grace ${userId.slice(0, 4)}`, email: `grace-${userId.slice(0, 8)}@contoso.example`, roles: ['sales-agent'], ...overrides };
  };
  const addUser = (partnerId: string, token: string, body: unknown = newUser(), headers?: Record<string, string>): Promise<HttpResult> =>
    seed.http.post(`/v1/partners/${partnerId}/users`, { token, body, ...(headers ? { headers } : {}) });
  const changeRoles = (partnerId: string, userId: string, token: string, body: unknown): Promise<HttpResult> =>
    seed.http.put(`/v1/partners/${partnerId}/users/${userId}/roles`, { token, body });
  const removeUser = (partnerId: string, userId: string, token: string): Promise<HttpResult> =>
    seed.http.delete(`/v1/partners/${partnerId}/users/${userId}`, { token });
  const lastEvent = async (partnerId: string) => (await log.readStream(streams.partner(partnerId))).at(-1)!;

  describe('POST /v1/partners/{partnerId}/users (AddPartnerUser)', () => {
    it('answers 201 {partnerId, userId, position} and records the user with its roles', async () => {
      const partner = await seed.approvedPartner();
      const body = newUser({ roles: ['sales-agent', 'helpdesk-agent'] });
      const result = await addUser(partner.partnerId, partner.admin.token, body);
      expect(result.status).toBe(201);
      expect(result.body).toEqual({ partnerId: partner.partnerId, userId: body.userId, position: expect.stringMatching(/^\d+$/) });
      const event = await lastEvent(partner.partnerId);
      expect(event).toMatchObject({ type: 'PartnerUserAdded', data: { partnerId: partner.partnerId, ...body } });
      expect(String(event.position)).toBe(result.body.position);
    });

    it.each<PartnerRole>(['global-admin', 'user-admin', 'admin-agent'])('lets a recorded %s add users', async (role) => {
      const partner = await seed.approvedPartner();
      const manager = await seed.addUser(partner, [role]);
      expect((await addUser(partner.partnerId, manager.token)).status).toBe(201);
    });

    it('refuses a user id already recorded: 409 duplicate-user-email', async () => {
      const partner = await seed.approvedPartner();
      const existing = await seed.addUser(partner, ['sales-agent']);
      const result = await expectRefusedWithoutAppending(
        log,
        () => addUser(partner.partnerId, partner.admin.token, newUser({ userId: existing.userId })),
        409,
        'duplicate-user-email',
      );
      expect(result.body.details).toEqual({ field: 'userId' });
    });

    it('refuses an email another user has, whatever its case: 409 duplicate-user-email', async () => {
      const partner = await seed.approvedPartner();
      const existing = await seed.addUser(partner, ['sales-agent']);
      const result = await expectRefusedWithoutAppending(
        log,
        () => addUser(partner.partnerId, partner.admin.token, newUser({ email: existing.email.toUpperCase() })),
        409,
        'duplicate-user-email',
      );
      expect(result.body.details).toEqual({ field: 'email' });
    });

    it('refuses while the partner is pending or rejected: 409 partner-not-approved', async () => {
      const pending = await seed.pendingPartner();
      await expectRefusedWithoutAppending(log, () => addUser(pending.partnerId, pending.admin.token), 409, 'partner-not-approved');
      const verified = await seed.verify(await seed.pendingPartner());
      await expectRefusedWithoutAppending(log, () => addUser(verified.partnerId, verified.admin.token), 409, 'partner-not-approved');
    });

    it('answers 404 partner-not-found when the acting tenant never enrolled', async () => {
      const partnerId = randomUUID();
      await expectRefusedWithoutAppending(log, () => addUser(partnerId, partnerUserToken(partnerId, randomUUID(), ['global-admin'])), 404, 'partner-not-found');
    });

    it('answers 400 for an id, name, email or roles of the wrong shape, and unknown fields', async () => {
      const partner = await seed.approvedPartner();
      const cases: Array<[Record<string, unknown>, string]> = [
        [newUser({ userId: 'grace' }), 'userId'],
        [newUser({ name: '' }), 'name'],
        [newUser({ name: 'n'.repeat(257) }), 'name'],
        [newUser({ email: 'grace-at-contoso' }), 'email'],
        [newUser({ roles: [] }), 'roles'],
        [newUser({ roles: 'sales-agent' }), 'roles'],
        [newUser({ roles: ['sales-agent', 'sales-agent'] }), 'roles'],
        [newUser({ roles: ['sales-agent', 'owner'] }), 'roles'],
        [newUser({ roles: ['reviewer'] }), 'roles'],
        [newUser({ phone: '+1 555' }), 'phone'],
      ];
      for (const [body, field] of cases) {
        const result = await expectRefusedWithoutAppending(log, () => addUser(partner.partnerId, partner.admin.token, body), 400, 'validation-failed');
        expect((result.body.errors as Array<{ field: string }>).map((error) => error.field)).toContain(field);
      }
      await expectRefusedWithoutAppending(log, () => addUser('contoso', partner.admin.token), 400, 'validation-failed');
    });

    it('answers an idempotent retry with the first answer and appends nothing', async () => {
      const partner = await seed.approvedPartner();
      const body = newUser();
      const headers = { 'idempotency-key': `add-${body.userId}` };
      const first = await addUser(partner.partnerId, partner.admin.token, body, headers);
      expect(first.status).toBe(201);
      const head = await log.headPosition();
      const retry = await addUser(partner.partnerId, partner.admin.token, body, headers);
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first.body });
      expect(await log.headPosition()).toBe(head);
    });
  });

  describe('PUT /v1/partners/{partnerId}/users/{userId}/roles (ChangePartnerUserRoles)', () => {
    it('answers 200 {partnerId, userId, position} and records the new and previous roles', async () => {
      const partner = await seed.approvedPartner();
      const user = await seed.addUser(partner, ['sales-agent']);
      const result = await changeRoles(partner.partnerId, user.userId, partner.admin.token, { roles: ['account-admin', 'billing-admin'] });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ partnerId: partner.partnerId, userId: user.userId, position: expect.stringMatching(/^\d+$/) });
      expect(await lastEvent(partner.partnerId)).toMatchObject({
        type: 'PartnerUserRolesChanged',
        data: { partnerId: partner.partnerId, userId: user.userId, roles: ['account-admin', 'billing-admin'], previousRoles: ['sales-agent'] },
      });
    });

    it('makes the recorded roles the ones that count: a promoted user may manage users, a demoted one may not', async () => {
      const partner = await seed.approvedPartner();
      const user = await seed.addUser(partner, ['sales-agent']);
      expectProblem(await addUser(partner.partnerId, user.token), 403, 'forbidden');
      expect((await changeRoles(partner.partnerId, user.userId, partner.admin.token, { roles: ['user-admin'] })).status).toBe(200);
      expect((await addUser(partner.partnerId, user.token)).status).toBe(201);
      expect((await changeRoles(partner.partnerId, user.userId, partner.admin.token, { roles: ['helpdesk-agent'] })).status).toBe(200);
      // The token still claims user-admin; the ledger's record says otherwise.
      expectProblem(await addUser(partner.partnerId, seed.tokenFor({ ...user.actor, roles: ['user-admin', 'global-admin'] })), 403, 'forbidden');
    });

    it('answers 404 user-not-found for a user the partner does not have (or no longer has)', async () => {
      const partner = await seed.approvedPartner();
      await expectRefusedWithoutAppending(log, () => changeRoles(partner.partnerId, randomUUID(), partner.admin.token, { roles: ['sales-agent'] }), 404, 'user-not-found');
      const removed = await seed.addUser(partner, ['sales-agent']);
      expect((await removeUser(partner.partnerId, removed.userId, partner.admin.token)).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => changeRoles(partner.partnerId, removed.userId, partner.admin.token, { roles: ['sales-agent'] }), 404, 'user-not-found');
    });

    it('refuses to take global-admin from the last holder: 409 last-global-admin', async () => {
      const partner = await seed.approvedPartner();
      await expectRefusedWithoutAppending(
        log,
        () => changeRoles(partner.partnerId, partner.admin.userId, partner.admin.token, { roles: ['admin-agent'] }),
        409,
        'last-global-admin',
      );
      // With a second global admin it is allowed.
      await seed.addUser(partner, ['global-admin']);
      expect((await changeRoles(partner.partnerId, partner.admin.userId, partner.admin.token, { roles: ['admin-agent'] })).status).toBe(200);
    });

    it('answers 404 before checking the actor\'s roles: a sales agent asking about an unknown user gets user-not-found', async () => {
      const partner = await seed.approvedPartner();
      const seller = await seed.addUser(partner, ['sales-agent']);
      expectProblem(await changeRoles(partner.partnerId, randomUUID(), seller.token, { roles: ['sales-agent'] }), 404, 'user-not-found');
      expectProblem(await changeRoles(partner.partnerId, seller.userId, seller.token, { roles: ['global-admin'] }), 403, 'forbidden');
    });

    it('refuses while the partner is not approved: 409 partner-not-approved', async () => {
      const pending = await seed.pendingPartner();
      await expectRefusedWithoutAppending(
        log,
        () => changeRoles(pending.partnerId, pending.admin.userId, pending.admin.token, { roles: ['global-admin', 'user-admin'] }),
        409,
        'partner-not-approved',
      );
    });

    it('validates the path ids and the roles (400)', async () => {
      const partner = await seed.approvedPartner();
      const user = await seed.addUser(partner, ['sales-agent']);
      for (const [path, body] of [
        [`/v1/partners/${partner.partnerId}/users/user-1/roles`, { roles: ['sales-agent'] }],
        [`/v1/partners/not-a-partner/users/${user.userId}/roles`, { roles: ['sales-agent'] }],
        [`/v1/partners/${partner.partnerId}/users/${user.userId}/roles`, { roles: [] }],
        [`/v1/partners/${partner.partnerId}/users/${user.userId}/roles`, { roles: ['sales-agent', 'sales-agent'] }],
        [`/v1/partners/${partner.partnerId}/users/${user.userId}/roles`, { roles: ['superuser'] }],
        [`/v1/partners/${partner.partnerId}/users/${user.userId}/roles`, {}],
        [`/v1/partners/${partner.partnerId}/users/${user.userId}/roles`, { roles: ['sales-agent'], name: 'x' }],
      ] as const) {
        await expectRefusedWithoutAppending(log, () => seed.http.put(path, { token: partner.admin.token, body }), 400, 'validation-failed');
      }
    });
  });

  describe('DELETE /v1/partners/{partnerId}/users/{userId} (RemovePartnerUser)', () => {
    it('answers 200 {partnerId, userId, position}; the removed user may then do nothing (403)', async () => {
      const partner = await seed.approvedPartner();
      const manager = await seed.addUser(partner, ['user-admin']);
      const result = await removeUser(partner.partnerId, manager.userId, partner.admin.token);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ partnerId: partner.partnerId, userId: manager.userId, position: expect.stringMatching(/^\d+$/) });
      expect(await lastEvent(partner.partnerId)).toMatchObject({ type: 'PartnerUserRemoved', data: { partnerId: partner.partnerId, userId: manager.userId } });
      await expectRefusedWithoutAppending(log, () => addUser(partner.partnerId, manager.token), 403, 'forbidden');
    });

    it('answers 404 user-not-found for an unknown or already removed user', async () => {
      const partner = await seed.approvedPartner();
      await expectRefusedWithoutAppending(log, () => removeUser(partner.partnerId, randomUUID(), partner.admin.token), 404, 'user-not-found');
      const user = await seed.addUser(partner, ['sales-agent']);
      expect((await removeUser(partner.partnerId, user.userId, partner.admin.token)).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => removeUser(partner.partnerId, user.userId, partner.admin.token), 404, 'user-not-found');
    });

    it('refuses to remove the last global admin, even by themselves: 409 last-global-admin', async () => {
      const partner = await seed.approvedPartner();
      await expectRefusedWithoutAppending(log, () => removeUser(partner.partnerId, partner.admin.userId, partner.admin.token), 409, 'last-global-admin');
      const second = await seed.addUser(partner, ['global-admin']);
      expect((await removeUser(partner.partnerId, partner.admin.userId, second.token)).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => removeUser(partner.partnerId, second.userId, second.token), 409, 'last-global-admin');
    });

    it('frees the email: a removed user\'s address may be given to a new user', async () => {
      const partner = await seed.approvedPartner();
      const user = await seed.addUser(partner, ['sales-agent']);
      await removeUser(partner.partnerId, user.userId, partner.admin.token);
      expect((await addUser(partner.partnerId, partner.admin.token, newUser({ email: user.email }))).status).toBe(201);
    });

    it('validates the path ids (400)', async () => {
      const partner = await seed.approvedPartner();
      await expectRefusedWithoutAppending(log, () => removeUser(partner.partnerId, 'user-1', partner.admin.token), 400, 'validation-failed');
      await expectRefusedWithoutAppending(log, () => removeUser('p-1', partner.admin.userId, partner.admin.token), 400, 'validation-failed');
    });
  });

  /*
   * The authorization matrix of the three user commands (user managers of that partner), in the
   * order of api.md Errors: actor kind and tenant (403) → unknown ids (404) → recorded roles
   * (403) → partner approved (409). Every refusal appends nothing.
   */
  describe.each([
    ['AddPartnerUser', (partner: SeededPartner, _target: string, token: string) => addUser(partner.partnerId, token)],
    ['ChangePartnerUserRoles', (partner: SeededPartner, target: string, token: string) => changeRoles(partner.partnerId, target, token, { roles: ['helpdesk-agent'] })],
    ['RemovePartnerUser', (partner: SeededPartner, target: string, token: string) => removeUser(partner.partnerId, target, token)],
  ])('who may run %s', (_command, send) => {
    let partner: SeededPartner;
    let target: string;
    beforeAll(async () => {
      partner = await seed.approvedPartner();
      target = (await seed.addUser(partner, ['sales-agent'])).userId;
    });

    it.each(['customer', 'program', 'auditor', 'service'])('refuses a %s actor (403), even with tid = the partner', async (kind) => {
      const token = tokenFor({ kind, tid: partner.partnerId, sub: partner.admin.userId, roles: ['global-admin', 'reviewer'] });
      await expectRefusedWithoutAppending(log, () => send(partner, target, token), 403, 'forbidden');
    });

    it('refuses a global admin of another partner (403)', async () => {
      const other = await seed.approvedPartner();
      await expectRefusedWithoutAppending(log, () => send(partner, target, other.admin.token), 403, 'forbidden');
    });

    it('refuses another tenant before looking the partner up: 403, not 404', async () => {
      const unknown = { ...partner, partnerId: randomUUID() };
      await expectRefusedWithoutAppending(log, () => send(unknown, target, partner.admin.token), 403, 'forbidden');
    });

    it('refuses a user of the partner that the ledger has not recorded, whatever the token claims (403)', async () => {
      const token = partnerUserToken(partner.partnerId, randomUUID(), ['global-admin', 'user-admin', 'admin-agent']);
      await expectRefusedWithoutAppending(log, () => send(partner, target, token), 403, 'forbidden');
    });

    it.each(NOT_USER_MANAGER)('refuses a recorded %s, who is not a user manager (403)', async (role) => {
      const user = await seed.addUser(partner, [role]);
      await expectRefusedWithoutAppending(log, () => send(partner, target, seed.tokenFor({ ...user.actor, roles: ['global-admin'] })), 403, 'forbidden');
    });

    it('refuses a removed user manager (403)', async () => {
      const manager = await seed.addUser(partner, ['user-admin']);
      expect((await removeUser(partner.partnerId, manager.userId, partner.admin.token)).status).toBe(200);
      await expectRefusedWithoutAppending(log, () => send(partner, target, manager.token), 403, 'forbidden');
    });

    it('checks recorded roles before approval: an unrecorded user of a pending partner gets 403, its admin 409', async () => {
      const pending = await seed.pendingPartner();
      const stranger = partnerUserToken(pending.partnerId, randomUUID(), ['global-admin']);
      await expectRefusedWithoutAppending(log, () => send(pending, pending.admin.userId, stranger), 403, 'forbidden');
      await expectRefusedWithoutAppending(log, () => send(pending, pending.admin.userId, pending.admin.token), 409, 'partner-not-approved');
    });
  });
});
