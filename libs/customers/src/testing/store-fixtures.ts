/*
 * Seeds an event store with the facts other aggregates own (enrolled partners, the tenant
 * registry), appended as those aggregates would, for execute-function specs. Specs only.
 */
import type { EventStore, NewEvent } from '@ledger/event-store';
import { type Actor, type Cloud, type DomainEvent, type PartnerType, streams } from '@ledger/kernel';
import type { PartnerEvent, TenantRegistryEvent } from '@ledger/partners';
import { tenantRegistryStream } from '@ledger/partners';
import { v4 as uuidV4 } from 'uuid';
import { users } from './customer-fixtures';

const seeder: Actor = { kind: 'program', tenantId: 'program', userId: 'seeder', roles: ['reviewer'] };

export function newEvents(events: readonly DomainEvent[], occurredAt = '2025-01-01T00:00:00.000Z'): NewEvent[] {
  return events.map((event) => ({
    id: uuidV4(),
    type: event.type,
    data: event.data,
    metadata: { actor: seeder, commandId: uuidV4(), correlationId: uuidV4(), causationId: uuidV4(), occurredAt, schemaVersion: 1 },
  }));
}

/** Enrolls (and by default approves) a partner with the fixture users, reserving its CSP tenant. */
export async function seedPartner(
  store: EventStore,
  partnerId: string,
  partnerType: PartnerType,
  options: { cloud?: Cloud; approved?: boolean } = {},
): Promise<void> {
  const enrollment: PartnerEvent[] = [
    {
      type: 'PartnerEnrollmentSubmitted',
      data: {
        partnerId,
        partnerType,
        mpnId: String(1000000 + Math.floor(Math.random() * 8999999)),
        cloud: options.cloud ?? 'global',
        tenantCountry: 'US',
        legalProfile: { name: `Partner ${partnerId}`, address: '1 Main St', country: 'US' },
        primaryContact: { name: 'Ada Admin', email: 'ada@partner.example', phone: '+1 555 0100' },
        supportContact: { email: 'support@partner.example', phone: '+1 555 0101' },
      },
    },
    { type: 'PartnerUserAdded', data: { partnerId, userId: users.globalAdmin, name: 'Ada Admin', email: 'ada@partner.example', roles: ['global-admin', 'admin-agent'] } },
    { type: 'PartnerUserAdded', data: { partnerId, userId: users.adminAgent, name: 'Al Agent', email: 'al@partner.example', roles: ['admin-agent'] } },
    { type: 'PartnerUserAdded', data: { partnerId, userId: users.salesAgent, name: 'Sal Sales', email: 'sal@partner.example', roles: ['sales-agent'] } },
    { type: 'PartnerUserAdded', data: { partnerId, userId: users.helpdesk, name: 'Hel Desk', email: 'hel@partner.example', roles: ['helpdesk-agent'] } },
    { type: 'PrimaryContactEmailVerified', data: { partnerId, email: 'ada@partner.example', token: 'token' } },
  ];
  if (options.approved ?? true) enrollment.push({ type: 'PartnerEnrollmentApproved', data: { partnerId } });
  const reservation: TenantRegistryEvent = { type: 'CspTenantReserved', data: { tenantId: partnerId, partnerId } };
  await store.append(tenantRegistryStream(partnerId), newEvents([reservation]), { expectedRevision: 'any' });
  await store.append(streams.partner(partnerId), newEvents(enrollment), { expectedRevision: 'no-stream' });
}

/** An active two-tier partnership: the provider invited, the reseller authorized it. */
export async function seedActivePartnership(store: EventStore, providerId: string, resellerId: string): Promise<void> {
  const invitationId = uuidV4();
  await store.append(
    streams.partnership(providerId, resellerId),
    newEvents([
      { type: 'ResellerInvited', data: { invitationId, providerId, resellerId } },
      { type: 'IndirectProviderAuthorized', data: { invitationId, providerId, resellerId, grants: ['submit-orders', 'reseller-tenant-admin'] } },
    ]),
    { expectedRevision: 'no-stream' },
  );
}
