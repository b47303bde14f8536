import { type Actor, type ActorKind, forbidden } from '@ledger/kernel';
import { loadPartnerState, partnerNotFound, type EnrolledPartnerState, type PartnerState } from '@ledger/partners';
import { Injectable } from '@nestjs/common';
import { ReadModels } from '../../read-models/read-models.service';

/*
 * Read scoping (domain §2, api.md Reads): a partner sees only its own data, a customer only its
 * own tenant, `program` and `auditor` everything, `service` the audit log and authorization checks.
 * Who a partner user is comes from the partner's stream (every acknowledged write), not from a
 * read model, so a user removed a moment ago can no longer read.
 */

/** Actors that see everything (domain §2). */
export const OVERSEERS: readonly ActorKind[] = ['program', 'auditor'];

export function isOverseer(actor: Actor): boolean {
  return OVERSEERS.includes(actor.kind);
}

/** 403 unless the actor is of one of these kinds. */
export function assertKind(actor: Actor, kinds: readonly ActorKind[], what: string): void {
  if (!kinds.includes(actor.kind)) throw forbidden(`Only ${kinds.join(', ')} actors may read ${what}.`);
}

@Injectable()
export class ReadAccess {
  constructor(private readonly readModels: ReadModels) {}

  /** A partner's current state from its stream. */
  partnerState(partnerId: string): Promise<PartnerState> {
    return loadPartnerState(this.readModels.log, partnerId);
  }

  /**
   * Reads about the partners in the path (`/v1/partners/{partnerId}/…`), in api.md's check order:
   * 1. kind and tenant (403): a partner user only about its own partner id (one of `partnerIds`),
   *    an overseer about any, nobody else;
   * 2. unknown partner (404 `partner-not-found`), for each partner in the path;
   * 3. a partner user must be recorded for its partner — any role, but recorded and not removed (403).
   * Returns the partners' states, in the order given.
   */
  async authorizePartnerPathRead(actor: Actor, partnerIds: readonly string[], what: string): Promise<EnrolledPartnerState[]> {
    if (actor.kind === 'partner') {
      if (!partnerIds.includes(actor.tenantId)) throw forbidden(`A partner user may only read ${what} of its own partner.`);
    } else if (!isOverseer(actor)) {
      throw forbidden(`Only the partner's users, program and auditor actors may read ${what}.`);
    }
    const states = await Promise.all(partnerIds.map((partnerId) => this.partnerState(partnerId)));
    const enrolled = states.map((state, index) => {
      if (state.status === 'none') throw partnerNotFound(partnerIds[index]!);
      return state;
    });
    if (actor.kind === 'partner') assertRecordedUser(actor, enrolled[partnerIds.indexOf(actor.tenantId)]!);
    return enrolled;
  }

  /**
   * A partner user reading something outside `/v1/partners/{id}` (a customer, DAP grants, an
   * authorization check): its partner must be enrolled and record the user (403 otherwise).
   */
  async assertRecordedPartnerUser(actor: Actor): Promise<EnrolledPartnerState> {
    const state = await this.partnerState(actor.tenantId);
    if (state.status === 'none') throw forbidden(`Partner ${actor.tenantId} is not enrolled; its users may read nothing.`);
    assertRecordedUser(actor, state);
    return state;
  }
}

/** An unrecorded or removed partner user may do nothing (domain §2), reading included. */
function assertRecordedUser(actor: Actor, partner: EnrolledPartnerState): void {
  if (!partner.users[actor.userId]) {
    throw forbidden(`User ${actor.userId} is not a recorded user of partner ${partner.partnerId}.`);
  }
}
