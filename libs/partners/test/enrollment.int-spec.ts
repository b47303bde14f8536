import { randomUUID } from 'node:crypto';
import type { EventStore } from '@ledger/event-store';
import { streams } from '@ledger/kernel';
import { type AppProcess, startApp } from '../../../apps/ledger-api/test/support/app-process';
import type { HttpResult } from '../../../apps/ledger-api/test/support/http';
import { TEST_JWT_SECRET, tokenFor } from '../../../apps/ledger-api/test/support/tokens';
import {
  enrollmentBody,
  expectProblem,
  expectRefusedWithoutAppending,
  LedgerSeed,
  openEventLog,
  partnerUserToken,
  type SeededPartner,
  uniqueMpnId,
} from '../../../test/support/ledger-seed';

/*
 * Enrollment and its review over HTTP (domain §4.1, api.md Writes): EnrollPartner,
 * VerifyPrimaryContactEmail, ApproveEnrollment, RejectEnrollment — success answers, every error
 * code with its status, who may call, shape validation, and idempotent retries. Refusals are
 * checked to append nothing by reading the app's log head before and after.
 */

jest.setTimeout(60_000);

describe('partner enrollment over HTTP', () => {
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

  const enroll = (partnerId: string, body: unknown, roles: readonly string[] = ['global-admin'], headers?: Record<string, string>): Promise<HttpResult> =>
    seed.http.post('/v1/partners', { token: partnerUserToken(partnerId, randomUUID(), roles), body, ...(headers ? { headers } : {}) });
  const verify = (partnerId: string, token: string = seed.programToken, body: unknown = { token: 'link-token-1' }): Promise<HttpResult> =>
    seed.http.post(`/v1/partners/${partnerId}/primary-contact/verification`, { token, body });
  const approve = (partnerId: string, token: string = seed.programToken, body: unknown = {}): Promise<HttpResult> =>
    seed.http.post(`/v1/partners/${partnerId}/approval`, { token, body });
  const reject = (partnerId: string, token: string = seed.programToken, body: unknown = { reason: 'Not a real business' }): Promise<HttpResult> =>
    seed.http.post(`/v1/partners/${partnerId}/rejection`, { token, body });

  const programActor = (roles: readonly string[]) => tokenFor({ kind: 'program', tid: 'csp-program', sub: randomUUID(), roles });
  const eventTypes = async (partnerId: string) => (await log.readStream(streams.partner(partnerId))).map((event) => event.type);

  describe('POST /v1/partners (EnrollPartner)', () => {
    it('answers 201 {partnerId, status: "pending", position} and records the submission and the enrolling user', async () => {
      const partnerId = randomUUID();
      const userId = randomUUID();
      const body = enrollmentBody({ partnerId, partnerType: 'indirect-provider', cloud: 'us-government' });
      const result = await seed.http.post('/v1/partners', {
        token: partnerUserToken(partnerId, userId, ['global-admin']),
        body,
        headers: { 'x-correlation-id': 'enroll-contoso-1' },
      });

      expect(result.status).toBe(201);
      expect(result.body).toEqual({ partnerId, status: 'pending', position: expect.stringMatching(/^\d+$/) });
      expect(result.headers.get('x-correlation-id')).toBe('enroll-contoso-1');

      const events = await log.readStream(streams.partner(partnerId));
      expect(events.map((event) => event.type)).toEqual(['PartnerEnrollmentSubmitted', 'PartnerUserAdded']);
      expect(String(events[1]!.position)).toBe(result.body.position);
      expect(events[0]!.data).toEqual({ ...body, partnerId });
      const primary = body.primaryContact as { name: string; email: string };
      expect(events[1]!.data).toEqual({ partnerId, userId, name: primary.name, email: primary.email, roles: ['global-admin', 'admin-agent'] });
      expect(events[0]!.metadata).toMatchObject({
        actor: { kind: 'partner', tenantId: partnerId, userId, roles: ['global-admin'] },
        correlationId: 'enroll-contoso-1',
      });
    });

    it('accepts a support contact without a website and stores none', async () => {
      const partnerId = randomUUID();
      const body = enrollmentBody({ partnerId });
      const { website: _website, ...supportContact } = body.supportContact as Record<string, string>;
      const result = await enroll(partnerId, { ...body, supportContact });
      expect(result.status).toBe(201);
      const [submitted] = await log.readStream(streams.partner(partnerId));
      expect((submitted!.data as { supportContact: unknown }).supportContact).toEqual(supportContact);
    });

    it('refuses a second enrollment of the same tenant: 409 already-enrolled', async () => {
      const partner = await seed.pendingPartner();
      await expectRefusedWithoutAppending(
        log,
        () => enroll(partner.partnerId, enrollmentBody({ partnerId: partner.partnerId })),
        409,
        'already-enrolled',
      );
    });

    it('refuses an MPN id another partner uses: 409 mpn-id-in-use', async () => {
      const first = await seed.pendingPartner();
      const partnerId = randomUUID();
      await expectRefusedWithoutAppending(log, () => enroll(partnerId, enrollmentBody({ partnerId, mpnId: first.mpnId })), 409, 'mpn-id-in-use');
      expect(await eventTypes(partnerId)).toEqual([]);
    });

    it('refuses a legal profile in another country than the tenant: 422 mpn-country-mismatch', async () => {
      const partnerId = randomUUID();
      const body = enrollmentBody({ partnerId, country: 'US' });
      await expectRefusedWithoutAppending(
        log,
        () => enroll(partnerId, { ...body, legalProfile: { ...(body.legalProfile as object), country: 'DE' } }),
        422,
        'mpn-country-mismatch',
      );
    });

    it.each(['ada@gmail.com', 'ada@yahoo.co.uk', 'ada@hotmail.fr', 'ada@proton.me'])(
      'refuses a primary contact at a web-based mail service (%s): 422 webmail-not-accepted',
      async (email) => {
        const partnerId = randomUUID();
        const body = enrollmentBody({ partnerId });
        await expectRefusedWithoutAppending(
          log,
          () => enroll(partnerId, { ...body, primaryContact: { ...(body.primaryContact as object), email } }),
          422,
          'webmail-not-accepted',
        );
      },
    );

    it('checks the rules in domain order: already-enrolled before the country and webmail rules', async () => {
      const partner = await seed.pendingPartner();
      const body = enrollmentBody({ partnerId: partner.partnerId, country: 'US' });
      const broken = {
        ...body,
        legalProfile: { ...(body.legalProfile as object), country: 'FR' },
        primaryContact: { ...(body.primaryContact as object), email: 'x@gmail.com' },
      };
      expectProblem(await enroll(partner.partnerId, broken), 409, 'already-enrolled');
      const fresh = randomUUID();
      expectProblem(await enroll(fresh, { ...broken, partnerId: fresh }), 422, 'mpn-country-mismatch');
    });

    describe('who may enroll (403 forbidden, nothing appended)', () => {
      it.each(['customer', 'program', 'auditor', 'service'])('refuses a %s actor, even one with tid = partnerId claiming global-admin', async (kind) => {
        const partnerId = randomUUID();
        const token = tokenFor({ kind, tid: partnerId, sub: randomUUID(), roles: ['global-admin', 'reviewer'] });
        await expectRefusedWithoutAppending(log, () => seed.http.post('/v1/partners', { token, body: enrollmentBody({ partnerId }) }), 403, 'forbidden');
      });

      it('refuses a partner user of another tenant', async () => {
        const partnerId = randomUUID();
        const token = partnerUserToken(randomUUID(), randomUUID(), ['global-admin']);
        await expectRefusedWithoutAppending(log, () => seed.http.post('/v1/partners', { token, body: enrollmentBody({ partnerId }) }), 403, 'forbidden');
      });

      it('refuses a user of the tenant whose token does not claim global-admin', async () => {
        const partnerId = randomUUID();
        await expectRefusedWithoutAppending(log, () => enroll(partnerId, enrollmentBody({ partnerId }), ['admin-agent', 'user-admin']), 403, 'forbidden');
      });

      it('answers 403 before the rules: another tenant enrolling an already enrolled partner is forbidden, not already-enrolled', async () => {
        const partner = await seed.pendingPartner();
        const token = partnerUserToken(randomUUID(), randomUUID(), ['global-admin']);
        expectProblem(await seed.http.post('/v1/partners', { token, body: enrollmentBody({ partnerId: partner.partnerId }) }), 403, 'forbidden');
      });
    });

    describe('shape (400 validation-failed with field errors)', () => {
      const fieldsOf = (result: HttpResult): string[] => (result.body.errors as Array<{ field: string }>).map((error) => error.field);

      it('lists every invalid field, nested ones by dotted path', async () => {
        const partnerId = randomUUID();
        const valid = enrollmentBody({ partnerId });
        const result = await enroll(partnerId, {
          ...valid,
          partnerType: 'distributor',
          mpnId: '12345',
          cloud: 'mars',
          tenantCountry: 'USA',
          legalProfile: { name: 'x'.repeat(257), address: '', country: 'us' },
          primaryContact: { name: 'Ada', email: 'not-an-email', phone: '+1' },
          supportContact: { email: 'support@contoso.example', phone: '+1', website: 'not a url' },
        });
        expectProblem(result, 400, 'validation-failed');
        expect(fieldsOf(result).sort()).toEqual(
          [
            'partnerType',
            'mpnId',
            'cloud',
            'tenantCountry',
            'legalProfile.name',
            'legalProfile.address',
            'legalProfile.country',
            'primaryContact.email',
            'supportContact.website',
          ].sort(),
        );
      });

      it.each<[string, (body: Record<string, unknown>) => unknown, string]>([
        ['a partner id that is not a UUID', (body) => ({ ...body, partnerId: 'contoso' }), 'partnerId'],
        ['an MPN id of 11 digits', (body) => ({ ...body, mpnId: '12345678901' }), 'mpnId'],
        ['an MPN id given as a number', (body) => ({ ...body, mpnId: 1234567 }), 'mpnId'],
        ['an MPN id with letters', (body) => ({ ...body, mpnId: '12345a7' }), 'mpnId'],
        ['an unknown country code', (body) => ({ ...body, tenantCountry: 'XX' }), 'tenantCountry'],
        ['a missing legal profile', ({ legalProfile: _omitted, ...body }) => body, 'legalProfile'],
        ['a legal profile that is not an object', (body) => ({ ...body, legalProfile: 'Contoso' }), 'legalProfile'],
        ['a missing primary contact phone', (body) => ({ ...body, primaryContact: { name: 'Ada', email: 'ada@contoso.example' } }), 'primaryContact.phone'],
        ['an unknown top-level field', (body) => ({ ...body, vatNumber: 'DE123' }), 'vatNumber'],
        ['an unknown nested field', (body) => ({ ...body, legalProfile: { ...(body.legalProfile as object), city: 'Paris' } }), 'legalProfile.city'],
        ['a website with another scheme', (body) => ({ ...body, supportContact: { ...(body.supportContact as object), website: 'ftp://contoso.example' } }), 'supportContact.website'],
        ['a support email that is not an email', (body) => ({ ...body, supportContact: { ...(body.supportContact as object), email: 'support' } }), 'supportContact.email'],
      ])('refuses %s', async (_case, change, field) => {
        const partnerId = randomUUID();
        const result = await enroll(partnerId, change(enrollmentBody({ partnerId })));
        expectProblem(result, 400, 'validation-failed');
        expect(fieldsOf(result)).toContain(field);
      });

      it('checks the shape before the actor (400 even for another tenant) and appends nothing', async () => {
        const partnerId = randomUUID();
        const token = partnerUserToken(randomUUID(), randomUUID(), []);
        await expectRefusedWithoutAppending(
          log,
          () => seed.http.post('/v1/partners', { token, body: { ...enrollmentBody({ partnerId }), mpnId: 'x' } }),
          400,
          'validation-failed',
        );
      });

      it('lets business rules through the shape check: a webmail address is a valid email, refused by the rule (422)', async () => {
        const partnerId = randomUUID();
        const body = enrollmentBody({ partnerId });
        expectProblem(await enroll(partnerId, { ...body, primaryContact: { ...(body.primaryContact as object), email: 'ada@outlook.com' } }), 422, 'webmail-not-accepted');
      });
    });

    it('needs a token (401 before anything else)', async () => {
      expectProblem(await seed.http.post('/v1/partners', { body: { partnerId: 'x' } }), 401, 'unauthenticated');
    });

    it('answers an idempotent retry with the first answer and appends nothing', async () => {
      const partnerId = randomUUID();
      const token = partnerUserToken(partnerId, randomUUID(), ['global-admin']);
      const body = enrollmentBody({ partnerId });
      const headers = { 'idempotency-key': `enroll-${partnerId}` };
      const first = await seed.http.post('/v1/partners', { token, body, headers });
      expect(first.status).toBe(201);
      const head = await log.headPosition();

      const retry = await seed.http.post('/v1/partners', { token, body, headers });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await log.headPosition()).toBe(head);

      // Without the key, the same request is a new command, refused by the state it created.
      expectProblem(await seed.http.post('/v1/partners', { token, body }), 409, 'already-enrolled');
      expectProblem(await seed.http.post('/v1/partners', { token, body: { ...body, mpnId: uniqueMpnId() }, headers }), 422, 'idempotency-key-reused');
    });
  });

  describe('POST /v1/partners/{partnerId}/primary-contact/verification (VerifyPrimaryContactEmail)', () => {
    it('answers 200 {partnerId, position} and records the token with the contact email', async () => {
      const partner = await seed.pendingPartner();
      const result = await verify(partner.partnerId, seed.programToken, { token: 'emailed-link-7f3a' });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ partnerId: partner.partnerId, position: expect.stringMatching(/^\d+$/) });
      const events = await log.readStream(streams.partner(partner.partnerId));
      expect(events.at(-1)).toMatchObject({ type: 'PrimaryContactEmailVerified', data: { partnerId: partner.partnerId, token: 'emailed-link-7f3a', email: partner.admin.email } });
      expect(String(events.at(-1)!.position)).toBe(result.body.position);
    });

    it('is done by any program actor (the link check needs no reviewer role)', async () => {
      const partner = await seed.pendingPartner();
      expect((await verify(partner.partnerId, programActor([]))).status).toBe(200);
    });

    it('refuses an enrollment that is not pending: 409 not-pending', async () => {
      const approved = await seed.approvedPartner();
      await expectRefusedWithoutAppending(log, () => verify(approved.partnerId), 409, 'not-pending');
      const rejected = await seed.reject(await seed.pendingPartner());
      await expectRefusedWithoutAppending(log, () => verify(rejected.partnerId), 409, 'not-pending');
    });

    it('answers 404 partner-not-found for an unknown partner', async () => {
      await expectRefusedWithoutAppending(log, () => verify(randomUUID()), 404, 'partner-not-found');
    });

    it('refuses every other kind of actor, even the partner itself: 403 before 404', async () => {
      const partner = await seed.pendingPartner();
      await expectRefusedWithoutAppending(log, () => verify(partner.partnerId, partner.admin.token), 403, 'forbidden');
      const auditor = tokenFor({ kind: 'auditor', tid: 'compliance', sub: randomUUID(), roles: ['auditor'] });
      await expectRefusedWithoutAppending(log, () => verify(partner.partnerId, auditor), 403, 'forbidden');
      await expectRefusedWithoutAppending(log, () => verify(randomUUID(), auditor), 403, 'forbidden');
    });

    it('validates the path and the body (400)', async () => {
      await expectRefusedWithoutAppending(log, () => verify('not-a-uuid'), 400, 'validation-failed');
      const partner = await seed.pendingPartner();
      for (const body of [{}, { token: '' }, { token: 42 }, { token: 'x'.repeat(2001) }, { token: 'ok', extra: true }]) {
        await expectRefusedWithoutAppending(log, () => verify(partner.partnerId, seed.programToken, body), 400, 'validation-failed');
      }
    });
  });

  describe('POST /v1/partners/{partnerId}/approval (ApproveEnrollment)', () => {
    let verified: SeededPartner;
    beforeEach(async () => {
      verified = await seed.verify(await seed.pendingPartner());
    });

    it('answers 200 {partnerId, position} for a verified pending enrollment', async () => {
      const result = await approve(verified.partnerId);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ partnerId: verified.partnerId, position: expect.stringMatching(/^\d+$/) });
      expect((await eventTypes(verified.partnerId)).at(-1)).toBe('PartnerEnrollmentApproved');
    });

    it('takes no body at all as {}', async () => {
      const result = await seed.http.post(`/v1/partners/${verified.partnerId}/approval`, { token: seed.programToken });
      expect(result.status).toBe(200);
    });

    it('refuses an unverified contact: 409 contact-not-verified', async () => {
      const pending = await seed.pendingPartner();
      await expectRefusedWithoutAppending(log, () => approve(pending.partnerId), 409, 'contact-not-verified');
    });

    it('refuses an enrollment already reviewed: 409 not-pending (before contact-not-verified)', async () => {
      await seed.approve(verified);
      await expectRefusedWithoutAppending(log, () => approve(verified.partnerId), 409, 'not-pending');
      const rejectedUnverified = await seed.reject(await seed.pendingPartner());
      await expectRefusedWithoutAppending(log, () => approve(rejectedUnverified.partnerId), 409, 'not-pending');
    });

    it('answers 404 partner-not-found for an unknown partner', async () => {
      await expectRefusedWithoutAppending(log, () => approve(randomUUID()), 404, 'partner-not-found');
    });

    it('needs a program reviewer: other kinds 403 (before 404), a program actor without reviewer 403 (after 404)', async () => {
      await expectRefusedWithoutAppending(log, () => approve(verified.partnerId, verified.admin.token), 403, 'forbidden');
      await expectRefusedWithoutAppending(log, () => approve(randomUUID(), verified.admin.token), 403, 'forbidden');
      await expectRefusedWithoutAppending(log, () => approve(verified.partnerId, programActor([])), 403, 'forbidden');
      await expectRefusedWithoutAppending(log, () => approve(randomUUID(), programActor([])), 404, 'partner-not-found');
    });

    it('refuses any field in its {} body, a non-object body and a malformed id (400)', async () => {
      const withField = await expectRefusedWithoutAppending(log, () => approve(verified.partnerId, seed.programToken, { reason: 'looks fine' }), 400, 'validation-failed');
      expect(withField.body.errors).toEqual([{ field: 'reason', messages: ['property reason should not exist'] }]);
      await expectRefusedWithoutAppending(log, () => approve(verified.partnerId, seed.programToken, []), 400, 'validation-failed');
      await expectRefusedWithoutAppending(log, () => approve('12345', seed.programToken), 400, 'validation-failed');
    });
  });

  describe('POST /v1/partners/{partnerId}/rejection (RejectEnrollment)', () => {
    it('answers 200 {partnerId, position} and records the reason, verified or not', async () => {
      const pending = await seed.pendingPartner();
      const result = await reject(pending.partnerId, seed.programToken, { reason: 'The MPN profile could not be confirmed.' });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ partnerId: pending.partnerId, position: expect.stringMatching(/^\d+$/) });
      const events = await log.readStream(streams.partner(pending.partnerId));
      expect(events.at(-1)).toMatchObject({ type: 'PartnerEnrollmentRejected', data: { partnerId: pending.partnerId, reason: 'The MPN profile could not be confirmed.' } });

      const verified = await seed.verify(await seed.pendingPartner());
      expect((await reject(verified.partnerId)).status).toBe(200);
    });

    it('refuses an enrollment already reviewed: 409 not-pending', async () => {
      const approved = await seed.approvedPartner();
      await expectRefusedWithoutAppending(log, () => reject(approved.partnerId), 409, 'not-pending');
      const rejected = await seed.reject(await seed.pendingPartner());
      await expectRefusedWithoutAppending(log, () => reject(rejected.partnerId), 409, 'not-pending');
    });

    it('answers 404 partner-not-found for an unknown partner', async () => {
      await expectRefusedWithoutAppending(log, () => reject(randomUUID()), 404, 'partner-not-found');
    });

    it('needs a program reviewer (403)', async () => {
      const pending = await seed.pendingPartner();
      await expectRefusedWithoutAppending(log, () => reject(pending.partnerId, pending.admin.token), 403, 'forbidden');
      await expectRefusedWithoutAppending(log, () => reject(pending.partnerId, programActor(['auditor'])), 403, 'forbidden');
    });

    it('needs a reason of 1 to 2000 characters and no other field (400)', async () => {
      const pending = await seed.pendingPartner();
      for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(2001) }, { reason: 'ok', notify: true }]) {
        await expectRefusedWithoutAppending(log, () => reject(pending.partnerId, seed.programToken, body), 400, 'validation-failed');
      }
      expect((await reject(pending.partnerId, seed.programToken, { reason: 'x'.repeat(2000) })).status).toBe(200);
    });
  });

  it('documents every partner and partnership write in /openapi.json, with request and answer schemas', async () => {
    const doc = (await seed.http.get('/openapi.json')).body as {
      paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown; responses: Record<string, unknown>; parameters?: Array<{ name: string; in: string }> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    const writes: Array<[string, string, string, string]> = [
      ['post', '/v1/partners', '201', 'EnrollPartner'],
      ['post', '/v1/partners/{partnerId}/primary-contact/verification', '200', 'VerifyPrimaryContactEmail'],
      ['post', '/v1/partners/{partnerId}/approval', '200', 'ApproveEnrollment'],
      ['post', '/v1/partners/{partnerId}/rejection', '200', 'RejectEnrollment'],
      ['post', '/v1/partners/{partnerId}/users', '201', 'AddPartnerUser'],
      ['put', '/v1/partners/{partnerId}/users/{userId}/roles', '200', 'ChangePartnerUserRoles'],
      ['delete', '/v1/partners/{partnerId}/users/{userId}', '200', 'RemovePartnerUser'],
      ['post', '/v1/partners/{providerId}/reseller-invitations', '201', 'InviteReseller'],
      ['post', '/v1/partners/{resellerId}/indirect-providers', '201', 'AuthorizeIndirectProvider'],
      ['delete', '/v1/partners/{resellerId}/indirect-providers/{providerId}/tenant-admin-access', '200', 'RemoveProviderTenantAdminAccess'],
      ['post', '/v1/partnerships/{providerId}/{resellerId}/termination', '200', 'EndPartnership'],
    ];
    for (const [method, route, status, command] of writes) {
      const operation = doc.paths[route]?.[method];
      expect({ route, method, documented: operation !== undefined }).toEqual({ route, method, documented: true });
      expect(operation!.operationId).toBe(command);
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining([status, '400', '401', '403']));
      for (const name of route.match(/\{(\w+)\}/g)?.map((part) => part.slice(1, -1)) ?? []) {
        expect(operation!.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name, in: 'path' })]));
      }
    }
    expect(Object.keys(doc.components.schemas.EnrollPartnerDto!.properties!)).toEqual(
      expect.arrayContaining(['partnerId', 'partnerType', 'mpnId', 'cloud', 'tenantCountry', 'legalProfile', 'primaryContact', 'supportContact']),
    );
    expect(Object.keys(doc.components.schemas.SupportContactDto!.properties!)).toEqual(expect.arrayContaining(['email', 'phone', 'website']));
    expect(doc.components.schemas.SupportContactDto!.required).not.toContain('website');
    expect(Object.keys(doc.components.schemas.AuthorizeIndirectProviderDto!.properties!)).toEqual(
      expect.arrayContaining(['providerId', 'invitationId', 'consent']),
    );
    expect(Object.keys(doc.components.schemas.EnrollPartnerResponse!.properties!)).toEqual(expect.arrayContaining(['position', 'partnerId', 'status']));
  });

  it('a rejected partner stays inert: its admin may not add users (409 partner-not-approved)', async () => {
    const rejected = await seed.reject(await seed.pendingPartner());
    await expectRefusedWithoutAppending(
      log,
      () =>
        seed.http.post(`/v1/partners/${rejected.partnerId}/users`, {
          token: rejected.admin.token,
          body: { userId: randomUUID(), name: 'Grace', email: 'grace@contoso.example', roles: ['sales-agent'] },
        }),
      409,
      'partner-not-approved',
    );
  });
});
