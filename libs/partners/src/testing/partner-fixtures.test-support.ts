import {
  type Actor,
  type Cloud,
  type CommandContext,
  type PartnerRole,
  type PartnerType,
  fold,
} from '@ledger/kernel';
import type { EnrollPartnerData } from '../enroll-partner/enroll-partner.decide';
import type { PartnerEvent } from '../partner/partner.events';
import { evolvePartner } from '../partner/partner.evolve';
import { type PartnerState, initialPartnerState } from '../partner/partner.state';

/** Test fixtures for partner histories; shared with libs/partnerships specs (by relative import). */

export const ids = {
  reseller: '6f1c2f0a-1111-4a8e-9b0e-000000000001',
  provider: '6f1c2f0a-2222-4a8e-9b0e-000000000002',
  otherProvider: '6f1c2f0a-3333-4a8e-9b0e-000000000003',
  otherReseller: '6f1c2f0a-4444-4a8e-9b0e-000000000004',
  enrollingUser: 'a0000000-0000-4000-8000-00000000e001',
  secondUser: 'a0000000-0000-4000-8000-00000000e002',
  thirdUser: 'a0000000-0000-4000-8000-00000000e003',
} as const;

export const NOW = '2026-11-21T10:00:00.000Z';

let commandCounter = 0;
/** A fresh, valid command id (UUID) per call, so generated ids differ between commands. */
export function nextCommandId(): string {
  commandCounter += 1;
  return `c0000000-0000-4000-8000-${commandCounter.toString(16).padStart(12, '0')}`;
}

export function partnerActor(partnerId: string, userId: string = enrollingUserOf(partnerId), roles: readonly string[] = []): Actor {
  return { kind: 'partner', tenantId: partnerId, userId, roles };
}

export function programActor(roles: readonly string[] = ['reviewer']): Actor {
  return { kind: 'program', tenantId: 'csp-program', userId: 'reviewer-1', roles };
}

export function contextOf(actor: Actor, commandId: string = nextCommandId()): CommandContext {
  return { commandId, correlationId: commandId, actor, now: NOW };
}

/** The user who enrols each fixture partner: distinct per partner so specs can tell them apart. */
export function enrollingUserOf(partnerId: string): string {
  return `a0000000-0000-4000-8000-${partnerId.slice(-12)}`;
}

export function enrollmentData(partnerId: string, overrides: Partial<EnrollPartnerData> = {}): EnrollPartnerData {
  return {
    partnerId,
    partnerType: 'indirect-reseller',
    mpnId: '1234567',
    cloud: 'global',
    tenantCountry: 'DE',
    legalProfile: { name: 'Contoso Reselling GmbH', address: 'Hauptstraße 1, Berlin', country: 'DE' },
    primaryContact: { name: 'Alex Wilber', email: 'alex@contoso.example', phone: '+49 30 1234567' },
    supportContact: { email: 'support@contoso.example', phone: '+49 30 7654321', website: 'https://contoso.example' },
    ...overrides,
  };
}

/** The events EnrollPartner produces for `enrollmentData(partnerId, overrides)`. */
export function enrolled(partnerId: string, overrides: Partial<EnrollPartnerData> = {}): PartnerEvent[] {
  const data = enrollmentData(partnerId, overrides);
  return [
    { type: 'PartnerEnrollmentSubmitted', data },
    {
      type: 'PartnerUserAdded',
      data: {
        partnerId,
        userId: enrollingUserOf(partnerId),
        name: data.primaryContact.name,
        email: data.primaryContact.email,
        roles: ['global-admin', 'admin-agent'],
      },
    },
  ];
}

export const verified = (partnerId: string): PartnerEvent => ({
  type: 'PrimaryContactEmailVerified',
  data: { partnerId, email: 'alex@contoso.example', token: 'link-token' },
});

export const approved = (partnerId: string): PartnerEvent => ({ type: 'PartnerEnrollmentApproved', data: { partnerId } });

export const rejected = (partnerId: string): PartnerEvent => ({
  type: 'PartnerEnrollmentRejected',
  data: { partnerId, reason: 'Profile could not be confirmed.' },
});

export const userAdded = (
  partnerId: string,
  userId: string,
  roles: readonly PartnerRole[],
  email = `${userId.slice(-4)}@contoso.example`,
): PartnerEvent => ({ type: 'PartnerUserAdded', data: { partnerId, userId, name: `User ${userId.slice(-4)}`, email, roles } });

/** The history of an approved partner of that type and cloud. */
export function approvedPartner(partnerId: string, partnerType: PartnerType, cloud: Cloud = 'global'): PartnerEvent[] {
  return [
    ...enrolled(partnerId, { partnerType, cloud, mpnId: mpnIdOf(partnerId) }),
    verified(partnerId),
    approved(partnerId),
  ];
}

/** A distinct MPN id per fixture partner. */
export function mpnIdOf(partnerId: string): string {
  return String(parseInt(partnerId.slice(-6), 16) + 1_000_000);
}

export const partnerStateOf = (events: readonly PartnerEvent[]): PartnerState =>
  fold(evolvePartner, initialPartnerState, events);
