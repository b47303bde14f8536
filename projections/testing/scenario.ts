/**
 * A deterministic, plausible relationship history for read-model tests and benchmarks: partners
 * enrolling (some rejected), users coming and going, partnerships invited, authorized, restricted
 * and ended, customers with several partners, requests accepted or declined, relationships removed
 * with DAP retained, grants revoked, subscriptions over several channels delegated, switched and
 * cancelled. Events are built directly (no deciders), so it is fast enough for a million events.
 */
import type { Actor, DomainEvent, PartnerType } from '@ledger/kernel';
import {
  accepted,
  approvedPartner,
  customerRegistered,
  customerStream,
  dapRevoked,
  declined,
  enrollmentSubmitted,
  managementDelegated,
  partnershipEnded,
  partnershipStream,
  partnerStream,
  partnerSwitched,
  providerAuthorized,
  rejected,
  relationshipRemoved,
  relationshipRequested,
  resellerInvited,
  rolesChanged,
  subscriptionCancelled,
  subscriptionRecorded,
  subscriptionStream,
  tenantAdminAccessRemoved,
  userAdded,
  userRemoved,
} from './events';

export interface ScenarioAppend {
  readonly streamId: string;
  readonly events: readonly DomainEvent[];
  readonly occurredAt: string;
  readonly actor: Actor;
}

/** A small deterministic PRNG (mulberry32), so every run builds the same history. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFrom(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

export interface ScenarioOptions {
  readonly partners: number;
  readonly customers: number;
  readonly seed?: number;
  readonly start?: string;
}

/** Yields appends in a plausible order; the number of events grows with partners and customers. */
export function* relationshipHistory(options: ScenarioOptions): Generator<ScenarioAppend> {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let clock = Date.parse(options.start ?? '2024-01-01T00:00:00.000Z');
  const tick = (): string => new Date((clock += 1000 + Math.floor(random() * 60_000))).toISOString();
  const program: Actor = { kind: 'program', tenantId: 'program', userId: 'reviewer', roles: ['reviewer'] };
  const partnerActor = (partnerId: string): Actor => ({ kind: 'partner', tenantId: partnerId, userId: uuidFrom(9, parseInt(partnerId.slice(-12), 16)), roles: ['global-admin'] });
  const customerActor = (customerId: string): Actor => ({ kind: 'customer', tenantId: customerId, userId: uuidFrom(10, parseInt(customerId.slice(-12), 16)), roles: ['global-admin'] });

  const providers: string[] = [];
  const resellers: string[] = [];
  const directs: string[] = [];
  for (let i = 0; i < options.partners; i += 1) {
    const partnerId = uuidFrom(1, i);
    const type: PartnerType = i % 5 === 0 ? 'indirect-provider' : i % 5 < 3 ? 'indirect-reseller' : 'direct-provider';
    const overrides = { mpnId: String(1_000_000 + i), legalProfile: { name: `Partner ${i}`, address: `${i} Main St`, country: 'US' } };
    if (i % 17 === 16) {
      yield { streamId: partnerStream(partnerId), events: [enrollmentSubmitted(partnerId, type, overrides), rejected(partnerId, 'incomplete')], occurredAt: tick(), actor: program };
      continue;
    }
    yield { streamId: partnerStream(partnerId), events: approvedPartner(partnerId, type, overrides), occurredAt: tick(), actor: program };
    const agent = uuidFrom(2, i);
    yield { streamId: partnerStream(partnerId), events: [userAdded(partnerId, agent, ['sales-agent'], `agent${i}@p${i}.example`)], occurredAt: tick(), actor: partnerActor(partnerId) };
    if (i % 4 === 0) {
      yield { streamId: partnerStream(partnerId), events: [rolesChanged(partnerId, agent, ['sales-agent', 'admin-agent'], ['sales-agent'])], occurredAt: tick(), actor: partnerActor(partnerId) };
    }
    if (i % 9 === 0) yield { streamId: partnerStream(partnerId), events: [userRemoved(partnerId, agent)], occurredAt: tick(), actor: partnerActor(partnerId) };
    (type === 'indirect-provider' ? providers : type === 'indirect-reseller' ? resellers : directs).push(partnerId);
  }

  const partnerships: [string, string][] = [];
  for (const [r, resellerId] of resellers.entries()) {
    const providerId = providers[r % Math.max(1, providers.length)];
    if (!providerId) break;
    const stream = partnershipStream(providerId, resellerId);
    yield { streamId: stream, events: [resellerInvited(uuidFrom(3, r), providerId, resellerId)], occurredAt: tick(), actor: partnerActor(providerId) };
    if (r % 6 === 5) continue; // left open
    yield { streamId: stream, events: [providerAuthorized(uuidFrom(3, r), providerId, resellerId)], occurredAt: tick(), actor: partnerActor(resellerId) };
    if (r % 4 === 1) yield { streamId: stream, events: [tenantAdminAccessRemoved(providerId, resellerId)], occurredAt: tick(), actor: partnerActor(resellerId) };
    if (r % 10 === 7) {
      yield { streamId: stream, events: [partnershipEnded(providerId, resellerId, 'provider')], occurredAt: tick(), actor: partnerActor(providerId) };
      continue;
    }
    partnerships.push([providerId, resellerId]);
  }

  const sellers = [...directs, ...resellers];
  let requestNumber = 0;
  let subscriptionNumber = 0;
  for (let c = 0; c < options.customers; c += 1) {
    const customerId = uuidFrom(4, c);
    const stream = customerStream(customerId);
    const admin = customerActor(customerId);
    yield { streamId: stream, events: [customerRegistered(customerId, { companyName: `Customer ${c}`, domain: `customer${c}.example` })], occurredAt: tick(), actor: admin };
    const active = new Set<string>();
    const granted = new Set<string>();
    const relationships = 1 + Math.floor(random() * 3);
    for (let k = 0; k < relationships && sellers.length > 0; k += 1) {
      const requestId = uuidFrom(5, requestNumber++);
      const combined = partnerships.length > 0 && random() < 0.3;
      const [providerId, resellerId] = combined ? pick(partnerships) : [undefined, pick(sellers)];
      const partners = providerId ? [resellerId, providerId] : [resellerId];
      const dap = random() < 0.6 ? [resellerId] : [];
      yield { streamId: stream, events: [relationshipRequested(customerId, requestId, partners, dap)], occurredAt: tick(), actor: partnerActor(resellerId) };
      if (random() < 0.15) {
        yield { streamId: stream, events: [declined(customerId, requestId, partners)], occurredAt: tick(), actor: admin };
        continue;
      }
      if (random() < 0.1) continue; // stays open
      yield {
        streamId: stream,
        events: accepted(customerId, requestId, partners, dap, { alreadyActive: partners.filter((p) => active.has(p)), alreadyGranted: dap.filter((p) => granted.has(p)) }),
        occurredAt: tick(),
        actor: admin,
      };
      partners.forEach((p) => active.add(p));
      dap.forEach((p) => granted.add(p));
    }
    for (const partnerId of [...active]) {
      if (random() < 0.2) {
        yield { streamId: stream, events: [relationshipRemoved(customerId, partnerId)], occurredAt: tick(), actor: partnerActor(partnerId) };
        active.delete(partnerId);
      }
    }
    for (const partnerId of [...granted]) {
      if (random() < 0.15) {
        yield { streamId: stream, events: [dapRevoked(customerId, partnerId, random() < 0.5 ? 'customer' : 'partner')], occurredAt: tick(), actor: admin };
        granted.delete(partnerId);
      }
    }
    const subscriptions = Math.floor(random() * 3);
    for (let s = 0; s < subscriptions; s += 1) {
      const subscriptionId = uuidFrom(6, subscriptionNumber++);
      const sStream = subscriptionStream(subscriptionId);
      const partnerOfRecord = active.size > 0 && random() < 0.6 ? pick([...active]) : undefined;
      const usage = random() < 0.4;
      yield {
        streamId: sStream,
        events: [
          subscriptionRecorded(subscriptionId, customerId, {
            channel: partnerOfRecord ? 'csp' : pick(['direct', 'advisor', 'open', 'ea', 'third-party'] as const),
            billing: usage ? 'usage' : 'license',
            offer: usage ? 'Azure plan' : 'Microsoft 365 E3',
            ...(partnerOfRecord ? { partnerOfRecord } : {}),
            ...(usage ? {} : { termEndsAt: '2025-01-01T00:00:00.000Z' }),
          }),
        ],
        occurredAt: tick(),
        actor: partnerOfRecord ? partnerActor(partnerOfRecord) : admin,
      };
      const others = [...active].filter((p) => p !== partnerOfRecord);
      if (!partnerOfRecord && active.size > 0 && random() < 0.5) {
        yield { streamId: sStream, events: [managementDelegated(subscriptionId, customerId, pick([...active]))], occurredAt: tick(), actor: admin };
      } else if (partnerOfRecord && others.length > 0 && random() < 0.3) {
        yield { streamId: sStream, events: [partnerSwitched(subscriptionId, customerId, partnerOfRecord, pick(others))], occurredAt: tick(), actor: admin };
      }
      if (random() < 0.1) yield { streamId: sStream, events: [subscriptionCancelled(subscriptionId, customerId)], occurredAt: tick(), actor: admin };
    }
  }
}
