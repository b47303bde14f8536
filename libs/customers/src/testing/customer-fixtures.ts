/*
 * Test fixtures for customer specs: partners as their streams would fold, actors, commands and the
 * events of a typical history. Used by specs only.
 */
import type { Actor, Cloud, CommandContext, PartnerType } from '@ledger/kernel';
import type { PartnerState, PartnerUser } from '@ledger/partners';
import type { CustomerEvent, CustomerRegistered } from '../customer/customer.events';

export const ids = {
  customer: '9b2a6a6e-0c8e-4e8e-9a55-1f1f2d0c0001',
  otherCustomer: '9b2a6a6e-0c8e-4e8e-9a55-1f1f2d0c0002',
  reseller: 'a1a1a1a1-0000-4000-8000-000000000001',
  provider: 'a1a1a1a1-0000-4000-8000-000000000002',
  direct: 'a1a1a1a1-0000-4000-8000-000000000003',
  secondReseller: 'a1a1a1a1-0000-4000-8000-000000000004',
  chinaPartner: 'a1a1a1a1-0000-4000-8000-000000000005',
} as const;

/** Recorded users every fixture partner has. */
export const users = {
  globalAdmin: 'user-global-admin',
  adminAgent: 'user-admin-agent',
  salesAgent: 'user-sales-agent',
  helpdesk: 'user-helpdesk',
} as const;

const recordedUsers: Record<string, PartnerUser> = {
  [users.globalAdmin]: { userId: users.globalAdmin, name: 'Ada Admin', email: 'ada@partner.example', roles: ['global-admin', 'admin-agent'] },
  [users.adminAgent]: { userId: users.adminAgent, name: 'Al Agent', email: 'al@partner.example', roles: ['admin-agent'] },
  [users.salesAgent]: { userId: users.salesAgent, name: 'Sal Sales', email: 'sal@partner.example', roles: ['sales-agent'] },
  [users.helpdesk]: { userId: users.helpdesk, name: 'Hel Desk', email: 'hel@partner.example', roles: ['helpdesk-agent'] },
};

export function partnerState(
  partnerId: string,
  partnerType: PartnerType,
  options: { status?: 'pending' | 'approved' | 'rejected'; cloud?: Cloud } = {},
): PartnerState {
  return {
    status: options.status ?? 'approved',
    partnerId,
    partnerType,
    mpnId: '1234567',
    cloud: options.cloud ?? 'global',
    tenantCountry: 'US',
    legalProfile: { name: `Partner ${partnerId}`, address: '1 Main St', country: 'US' },
    primaryContact: { name: 'Ada Admin', email: 'ada@partner.example', phone: '+1 555 0100' },
    supportContact: { email: 'support@partner.example', phone: '+1 555 0101' },
    primaryContactVerified: true,
    users: recordedUsers,
  };
}

export const noPartner: PartnerState = { status: 'none' };

/** The partner world most specs use; look partners up by id. */
export const partners: Record<string, PartnerState> = {
  [ids.reseller]: partnerState(ids.reseller, 'indirect-reseller'),
  [ids.secondReseller]: partnerState(ids.secondReseller, 'indirect-reseller'),
  [ids.provider]: partnerState(ids.provider, 'indirect-provider'),
  [ids.direct]: partnerState(ids.direct, 'direct-provider'),
  [ids.chinaPartner]: partnerState(ids.chinaPartner, 'direct-provider', { cloud: 'china' }),
};

export const partnerOf = (partnerId: string): PartnerState => partners[partnerId] ?? noPartner;

export function partnerUser(partnerId: string, userId: string = users.globalAdmin): Actor {
  return { kind: 'partner', tenantId: partnerId, userId, roles: ['global-admin'] };
}

export function customerAdmin(customerId: string = ids.customer): Actor {
  return { kind: 'customer', tenantId: customerId, userId: 'customer-admin', roles: ['global-admin'] };
}

export function customerUser(customerId: string = ids.customer): Actor {
  return { kind: 'customer', tenantId: customerId, userId: 'customer-user', roles: ['billing-reader'] };
}

export const programActor: Actor = { kind: 'program', tenantId: 'program', userId: 'reviewer-1', roles: ['reviewer'] };
export const auditorActor: Actor = { kind: 'auditor', tenantId: 'audit', userId: 'auditor-1', roles: ['auditor'] };

let commandCounter = 0;

export function contextFor(actor: Actor, overrides: Partial<CommandContext> = {}): CommandContext {
  commandCounter += 1;
  return {
    commandId: `cmd-${commandCounter}`,
    correlationId: `corr-${commandCounter}`,
    actor,
    now: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

/* Events of a typical history. */

export function registered(customerId: string = ids.customer, cloud: Cloud = 'global'): CustomerRegistered {
  return {
    type: 'CustomerRegistered',
    data: { customerId, companyName: 'Contoso', domain: 'contoso.example', country: 'US', cloud },
  };
}

export function requested(
  requestId: string,
  partnerIds: readonly string[],
  delegatedAdminFor: readonly string[] = [],
  customerId: string = ids.customer,
): CustomerEvent {
  return {
    type: 'RelationshipRequested',
    data: {
      customerId,
      requestId,
      partners: [...partnerIds],
      delegatedAdminFor: [...delegatedAdminFor],
      ...(partnerIds.length > 1 ? { indirectProviderId: partnerIds[1] } : {}),
    },
  };
}

/** The events an acceptance of a fresh request emits. */
export function accepted(
  requestId: string,
  partnerIds: readonly string[],
  delegatedAdminFor: readonly string[] = [],
  customerId: string = ids.customer,
): CustomerEvent[] {
  return [
    { type: 'RelationshipAccepted', data: { customerId, requestId, partners: [...partnerIds], delegatedAdminFor: [...delegatedAdminFor] } },
    ...partnerIds.map((partnerId): CustomerEvent => ({ type: 'ResellerRelationshipEstablished', data: { customerId, partnerId, requestId } })),
    ...delegatedAdminFor.map((partnerId): CustomerEvent => ({ type: 'DelegatedAdminPrivilegesGranted', data: { customerId, partnerId, requestId } })),
  ];
}

/** Registered, requested and accepted: the partner has an active relationship (and DAP if asked). */
export function withRelationship(partnerId: string, options: { dap?: boolean; requestId?: string } = {}): CustomerEvent[] {
  const requestId = options.requestId ?? `req-${partnerId}`;
  const dap = options.dap ? [partnerId] : [];
  return [requested(requestId, [partnerId], dap), ...accepted(requestId, [partnerId], dap)];
}

export const goodFaith = { goodFaith: true, legitimateBusinessPurpose: 'The customer moved to another partner.' } as const;

export function removed(partnerId: string, customerId: string = ids.customer): CustomerEvent {
  return {
    type: 'CustomerRelationshipRemoved',
    data: { customerId, partnerId, attestation: goodFaith, legalNotice: { required: false } },
  };
}

export function revoked(partnerId: string, revokedBy: 'customer' | 'partner' = 'customer', customerId: string = ids.customer): CustomerEvent {
  return { type: 'DelegatedAdminPrivilegesRevoked', data: { customerId, partnerId, revokedBy } };
}
