import { type EventStore, createSqliteEventStore } from '@ledger/event-store';
import { type Actor, type Cloud, DomainError, type DomainEvent, PARTNER_ROLES, type PartnerRole, type PartnerType, fold } from '@ledger/kernel';
import {
  PARTNER_EVENT_TYPES,
  type PartnerEvent,
  evolvePartner,
  executeAddPartnerUser,
  executeApproveEnrollment,
  executeChangePartnerUserRoles,
  executeEnrollPartner,
  executeRejectEnrollment,
  executeRemovePartnerUser,
  executeVerifyPrimaryContactEmail,
  initialPartnerState,
  loadPartnerState,
  partnerStream,
} from '@ledger/partners';
import * as fc from 'fast-check';
import {
  contextOf,
  enrollingUserOf,
  enrollmentData,
  ids,
  partnerActor,
  programActor,
} from '../../../partners/src/testing/partner-fixtures.test-support';
import { executeAuthorizeIndirectProvider } from '../authorize-indirect-provider/authorize-indirect-provider.execute';
import { executeEndPartnership } from '../end-partnership/end-partnership.execute';
import { executeInviteReseller } from '../invite-reseller/invite-reseller.execute';
import { executeRemoveProviderTenantAdminAccess } from '../remove-provider-tenant-admin-access/remove-provider-tenant-admin-access.execute';
import { PARTNERSHIP_EVENT_TYPES, type PartnershipEvent, partnershipStream } from './partnership.events';
import { evolvePartnership } from './partnership.evolve';
import { initialPartnershipState } from './partnership.state';
import { loadPartnershipState } from './partnership.store';

/**
 * Random sequences of partner and partnership commands, run through the execute functions on a
 * SQLite store. Properties: every stream holds exactly the events the accepted commands returned,
 * so each aggregate's state is the fold of what was emitted; a refused command is a DomainError
 * and appends nothing (the log head does not move); and the invariants hold at every step.
 */

const PARTNERS = [ids.provider, ids.otherProvider, ids.reseller, ids.otherReseller] as const;
const TYPES: readonly PartnerType[] = ['indirect-provider', 'direct-provider', 'indirect-reseller'];
const CLOUDS: readonly Cloud[] = ['global', 'china'];
/** MPN ids a random enrollment may pick: the fixture partners' own ones, so they collide. */
const MPN_IDS = PARTNERS.map((_, partner) => `${partner + 1}000000`);
const EXTRA_USERS = [ids.secondUser, ids.thirdUser];
const EMAILS = ['a@contoso.example', 'b@contoso.example', 'A@CONTOSO.example'];

type Op =
  | { op: 'enroll'; partner: number; type: number; cloud: number; mpn: number; webmail: boolean; tokenAdmin: boolean }
  | { op: 'verify'; partner: number }
  | { op: 'approve'; partner: number; reviewer: boolean }
  | { op: 'reject'; partner: number }
  | { op: 'addUser'; partner: number; actor: number; user: number; email: number; roles: PartnerRole[] }
  | { op: 'changeRoles'; partner: number; actor: number; user: number; roles: PartnerRole[] }
  | { op: 'removeUser'; partner: number; actor: number; user: number }
  | { op: 'invite'; provider: number; reseller: number; actor: number }
  | { op: 'authorize'; provider: number; reseller: number; invitation: number; consent: boolean; actor: number }
  | { op: 'removeAccess'; provider: number; reseller: number; actor: number }
  | { op: 'end'; provider: number; reseller: number; byProvider: boolean; actor: number };

const partnerIndex = fc.nat(PARTNERS.length - 1);
// Mostly the first provider with the first reseller, so one pair goes through its whole life cycle.
const providerIndex = fc.oneof(
  { arbitrary: fc.constant(0), weight: 6 },
  { arbitrary: fc.constantFrom(0, 1), weight: 3 },
  { arbitrary: partnerIndex, weight: 1 },
);
const resellerIndex = fc.oneof(
  { arbitrary: fc.constant(2), weight: 6 },
  { arbitrary: fc.constantFrom(2, 3), weight: 3 },
  { arbitrary: partnerIndex, weight: 1 },
);
const actorIndex = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat(EXTRA_USERS.length), weight: 1 });
const mostly = (weight: number) => fc.oneof({ arbitrary: fc.constant(true), weight }, { arbitrary: fc.constant(false), weight: 1 });
const roles = fc.subarray([...PARTNER_ROLES], { maxLength: 3 });

function enrollOp(partner: fc.Arbitrary<number>): fc.Arbitrary<Op> {
  return fc.record({
    op: fc.constant('enroll' as const),
    partner,
    type: fc.oneof({ arbitrary: fc.constant(-1), weight: 4 }, { arbitrary: fc.nat(TYPES.length - 1), weight: 1 }),
    cloud: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.nat(CLOUDS.length - 1), weight: 1 }),
    mpn: fc.oneof({ arbitrary: fc.constant(-1), weight: 1 }, { arbitrary: fc.nat(MPN_IDS.length - 1), weight: 1 }),
    webmail: mostly(6).map((ok) => !ok),
    tokenAdmin: mostly(6),
  });
}

// Biased towards commands that can succeed (the natural type, one cloud, the partner's own MPN id),
// so sequences get far enough to reach partnerships; every refusal path stays reachable.
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: enrollOp(partnerIndex) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('verify' as const), partner: partnerIndex }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('approve' as const), partner: partnerIndex, reviewer: mostly(6) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reject' as const), partner: partnerIndex }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('addUser' as const),
      partner: partnerIndex,
      actor: actorIndex,
      user: fc.nat(EXTRA_USERS.length - 1),
      email: fc.nat(EMAILS.length - 1),
      roles,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('changeRoles' as const), partner: partnerIndex, actor: actorIndex, user: fc.nat(EXTRA_USERS.length), roles }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('removeUser' as const), partner: partnerIndex, actor: actorIndex, user: fc.nat(EXTRA_USERS.length) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('invite' as const), provider: providerIndex, reseller: resellerIndex, actor: actorIndex }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('authorize' as const),
      provider: providerIndex,
      reseller: resellerIndex,
      invitation: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.nat(4), weight: 1 }),
      consent: mostly(5),
      actor: actorIndex,
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('removeAccess' as const), provider: providerIndex, reseller: resellerIndex, actor: actorIndex }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('end' as const), provider: providerIndex, reseller: resellerIndex, byProvider: fc.boolean(), actor: actorIndex }),
  },
);

/** The type a fixture partner naturally has: the first two are providers, the others resellers. */
const naturalType = (partner: number): PartnerType => (partner < 2 ? 'indirect-provider' : 'indirect-reseller');

const validEnrollment = (partner: number): Op => ({ op: 'enroll', partner, type: -1, cloud: 0, mpn: -1, webmail: false, tokenAdmin: true });

/** Each fixture partner enrols, verifies and is approved — each step random, so it may be refused. */
const preludeArbitrary: fc.Arbitrary<Op[]> = fc
  .tuple(
    ...PARTNERS.map((_, partner) =>
      fc.tuple(
        fc.oneof({ arbitrary: fc.constant(validEnrollment(partner)), weight: 3 }, { arbitrary: enrollOp(fc.constant(partner)), weight: 1 }),
        mostly(12),
        mostly(12),
      ),
    ),
  )
  .map((steps) =>
    steps.flatMap(([enroll, verify, approve], partner): Op[] => [
      enroll,
      ...(verify ? [{ op: 'verify' as const, partner }] : []),
      { op: 'approve' as const, partner, reviewer: approve },
    ]),
  );

const sequenceArbitrary = fc
  .tuple(preludeArbitrary, fc.array(opArbitrary, { minLength: 5, maxLength: 40, size: 'max' }))
  .map(([prelude, body]) => [...prelude, ...body]);

const userOf = (partnerId: string, actor: number): string => (actor === 0 ? enrollingUserOf(partnerId) : EXTRA_USERS[actor - 1]!);
const actorOf = (partnerId: string, actor: number): Actor => partnerActor(partnerId, userOf(partnerId, actor));

interface IssuedInvitation {
  streamId: string;
  invitationId: string;
}

interface Emitted {
  streamId: string;
  events: readonly DomainEvent[];
}

async function run(store: EventStore, op: Op, invitations: readonly IssuedInvitation[]): Promise<Emitted> {
  switch (op.op) {
    case 'enroll': {
      const partnerId = PARTNERS[op.partner]!;
      const email = op.webmail ? 'someone@yahoo.co.uk' : 'alex@contoso.example';
      const result = await executeEnrollPartner(store, {
        type: 'EnrollPartner',
        data: enrollmentData(partnerId, {
          partnerType: op.type < 0 ? naturalType(op.partner) : TYPES[op.type]!,
          cloud: CLOUDS[op.cloud]!,
          mpnId: MPN_IDS[op.mpn < 0 ? op.partner : op.mpn]!,
          primaryContact: { name: 'Alex', email, phone: '1' },
        }),
        context: contextOf(partnerActor(partnerId, enrollingUserOf(partnerId), op.tokenAdmin ? ['global-admin'] : [])),
      });
      return { streamId: partnerStream(partnerId), events: result.events };
    }
    case 'verify': {
      const partnerId = PARTNERS[op.partner]!;
      const result = await executeVerifyPrimaryContactEmail(store, {
        type: 'VerifyPrimaryContactEmail',
        data: { partnerId, token: 't' },
        context: contextOf(programActor([])),
      });
      return { streamId: partnerStream(partnerId), events: result.events };
    }
    case 'approve': {
      const partnerId = PARTNERS[op.partner]!;
      const result = await executeApproveEnrollment(store, {
        type: 'ApproveEnrollment',
        data: { partnerId },
        context: contextOf(programActor(op.reviewer ? ['reviewer'] : [])),
      });
      return { streamId: partnerStream(partnerId), events: result.events };
    }
    case 'reject': {
      const partnerId = PARTNERS[op.partner]!;
      const result = await executeRejectEnrollment(store, {
        type: 'RejectEnrollment',
        data: { partnerId, reason: 'no' },
        context: contextOf(programActor()),
      });
      return { streamId: partnerStream(partnerId), events: result.events };
    }
    case 'addUser': {
      const partnerId = PARTNERS[op.partner]!;
      const result = await executeAddPartnerUser(store, {
        type: 'AddPartnerUser',
        data: { partnerId, userId: EXTRA_USERS[op.user]!, name: 'U', email: EMAILS[op.email]!, roles: op.roles },
        context: contextOf(actorOf(partnerId, op.actor)),
      });
      return { streamId: partnerStream(partnerId), events: result.events };
    }
    case 'changeRoles': {
      const partnerId = PARTNERS[op.partner]!;
      const result = await executeChangePartnerUserRoles(store, {
        type: 'ChangePartnerUserRoles',
        data: { partnerId, userId: userOf(partnerId, op.user), roles: op.roles },
        context: contextOf(actorOf(partnerId, op.actor)),
      });
      return { streamId: partnerStream(partnerId), events: result.events };
    }
    case 'removeUser': {
      const partnerId = PARTNERS[op.partner]!;
      const result = await executeRemovePartnerUser(store, {
        type: 'RemovePartnerUser',
        data: { partnerId, userId: userOf(partnerId, op.user) },
        context: contextOf(actorOf(partnerId, op.actor)),
      });
      return { streamId: partnerStream(partnerId), events: result.events };
    }
    case 'invite': {
      const providerId = PARTNERS[op.provider]!;
      const resellerId = PARTNERS[op.reseller]!;
      const result = await executeInviteReseller(store, {
        type: 'InviteReseller',
        data: { providerId, resellerId },
        context: contextOf(actorOf(providerId, op.actor)),
      });
      return { streamId: partnershipStream(providerId, resellerId), events: result.events };
    }
    case 'authorize': {
      const providerId = PARTNERS[op.provider]!;
      const resellerId = PARTNERS[op.reseller]!;
      // Mostly the pair's latest invitation; sometimes any earlier one (maybe another pair's) or a never-issued one.
      const pairInvitations = invitations.filter((invitation) => invitation.streamId === partnershipStream(providerId, resellerId));
      const chosen = op.invitation === 0 ? pairInvitations.at(-1) : invitations[op.invitation - 1];
      const invitationId = chosen?.invitationId ?? 'never-issued';
      const result = await executeAuthorizeIndirectProvider(store, {
        type: 'AuthorizeIndirectProvider',
        data: { providerId, resellerId, invitationId, consent: op.consent },
        context: contextOf(actorOf(resellerId, op.actor)),
      });
      return { streamId: partnershipStream(providerId, resellerId), events: result.events };
    }
    case 'removeAccess': {
      const providerId = PARTNERS[op.provider]!;
      const resellerId = PARTNERS[op.reseller]!;
      const result = await executeRemoveProviderTenantAdminAccess(store, {
        type: 'RemoveProviderTenantAdminAccess',
        data: { providerId, resellerId },
        context: contextOf(actorOf(resellerId, op.actor)),
      });
      return { streamId: partnershipStream(providerId, resellerId), events: result.events };
    }
    case 'end': {
      const providerId = PARTNERS[op.provider]!;
      const resellerId = PARTNERS[op.reseller]!;
      const result = await executeEndPartnership(store, {
        type: 'EndPartnership',
        data: { providerId, resellerId, reason: 'r' },
        context: contextOf(actorOf(op.byProvider ? providerId : resellerId, op.actor)),
      });
      return { streamId: partnershipStream(providerId, resellerId), events: result.events };
    }
  }
}

describe('partner and partnership commands (property-based, SQLite store)', () => {
  it('streams hold exactly the emitted events, refusals append nothing, invariants hold', async () => {
    let accepted = 0;
    let refused = 0;
    const emittedTypes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(sequenceArbitrary, async (ops) => {
        const store = createSqliteEventStore({ path: ':memory:', durable: false });
        try {
          const emitted = new Map<string, DomainEvent[]>();
          const invitations: IssuedInvitation[] = [];
          for (const op of ops) {
            const head = await store.headPosition();
            let outcome: Emitted;
            try {
              outcome = await run(store, op, invitations);
            } catch (error) {
              // A refusal is always a domain rule, and it appends nothing anywhere.
              expect(error).toBeInstanceOf(DomainError);
              
              expect(await store.headPosition()).toBe(head);
              refused += 1;
              continue;
            }
            accepted += 1;
            for (const event of outcome.events) emittedTypes.add(event.type);
            expect(outcome.events.length).toBeGreaterThan(0);
            emitted.set(outcome.streamId, [...(emitted.get(outcome.streamId) ?? []), ...outcome.events]);
            for (const event of outcome.events) {
              const invitation = event as PartnershipEvent;
              if (invitation.type === 'ResellerInvited') invitations.push({ streamId: outcome.streamId, invitationId: invitation.data.invitationId });
            }
            await expectInvariants(store);
          }
          for (const [streamId, events] of emitted) {
            const stored = (await store.readStream(streamId)).map(({ type, data }) => ({ type, data }));
            expect(stored).toEqual(events);
          }
          for (const partnerId of PARTNERS) {
            const events = (emitted.get(partnerStream(partnerId)) ?? []) as PartnerEvent[];
            expect(await loadPartnerState(store, partnerId)).toEqual(fold(evolvePartner, initialPartnerState, events));
            for (const resellerId of PARTNERS) {
              const partnershipEvents = (emitted.get(partnershipStream(partnerId, resellerId)) ?? []) as PartnershipEvent[];
              expect(await loadPartnershipState(store, partnerId, resellerId)).toEqual(
                fold(evolvePartnership, initialPartnershipState, partnershipEvents),
              );
            }
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 120 },
    );
    // The generator must exercise both outcomes, or the properties prove little.
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
    expect([...emittedTypes].sort()).toEqual([...PARTNER_EVENT_TYPES, ...PARTNERSHIP_EVENT_TYPES].sort());
  }, 60_000);
});

async function expectInvariants(store: EventStore): Promise<void> {
  const states = await Promise.all(PARTNERS.map((partnerId) => loadPartnerState(store, partnerId)));
  const mpnIds = new Set<string>();
  for (const state of states) {
    if (state.status === 'none') continue;
    // A partner keeps at least one global admin.
    expect(Object.values(state.users).some((user) => user.roles.includes('global-admin'))).toBe(true);
    // No two enrolled partners share an MPN id.
    expect(mpnIds.has(state.mpnId)).toBe(false);
    mpnIds.add(state.mpnId);
  }
  for (const [providerIndex, provider] of states.entries()) {
    for (const [resellerIndex, reseller] of states.entries()) {
      const partnership = await loadPartnershipState(store, PARTNERS[providerIndex]!, PARTNERS[resellerIndex]!);
      if (partnership.status === 'none') continue;
      // Only an approved indirect provider and an approved indirect reseller of one cloud are ever paired.
      expect(provider.status === 'approved' && provider.partnerType === 'indirect-provider').toBe(true);
      expect(reseller.status === 'approved' && reseller.partnerType === 'indirect-reseller').toBe(true);
      expect(provider.status !== 'none' && reseller.status !== 'none' && provider.cloud === reseller.cloud).toBe(true);
    }
  }
}
