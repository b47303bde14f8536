import { type Cloud, type Command, type PartnerType, forbidden } from '@ledger/kernel';
import { isStaleMpnClaim, isMpnIdHeldBy } from '../mpn-registry/mpn-registry.rules';
import type { MpnIdReserved } from '../mpn-registry/mpn-registry.events';
import type { MpnRegistryState } from '../mpn-registry/mpn-registry.state';
import { partnerErrors } from '../partner/partner.errors';
import type { PartnerEvent } from '../partner/partner.events';
import {
  ENROLLING_USER_ROLES,
  isEnrolled,
  isWebmailAddress,
  mpnProfileIsInTenantCountry,
  tokenClaimsGlobalAdmin,
} from '../partner/partner.rules';
import type { LegalProfile, PartnerState, PrimaryContact, SupportContact } from '../partner/partner.state';
import type { CspTenantReserved } from '../tenant-registry/tenant-registry.events';
import type { TenantRegistryState } from '../tenant-registry/tenant-registry.state';

export interface EnrollPartnerData {
  /** The tenant id of the partner's CSP tenant; it becomes the partner id. */
  readonly partnerId: string;
  readonly partnerType: PartnerType;
  readonly mpnId: string;
  readonly cloud: Cloud;
  readonly tenantCountry: string;
  readonly legalProfile: LegalProfile;
  readonly primaryContact: PrimaryContact;
  readonly supportContact: SupportContact;
}

export type EnrollPartner = Command<'EnrollPartner', EnrollPartnerData>;

/**
 * EnrollPartner against the partner's own stream. Checks, in domain §4 order: a partner actor of
 * that very tenant whose TOKEN claims `global-admin` (403; no user is recorded yet), not yet
 * enrolled, the MPN profile in the tenant's country, no web-based mail for the primary contact.
 * `mpn-id-in-use` is the last rule; it needs the `mpn-*` stream and is decided by
 * `decideMpnIdReservation`, which the handler runs after this one succeeds.
 */
export function decideEnrollPartner(command: EnrollPartner, state: PartnerState): PartnerEvent[] {
  const { actor } = command.context;
  const data = command.data;
  if (actor.kind !== 'partner' || actor.tenantId !== data.partnerId || !tokenClaimsGlobalAdmin(actor)) {
    throw forbidden(`Only a global admin of tenant ${data.partnerId} may enrol it.`);
  }
  if (isEnrolled(state)) throw partnerErrors.alreadyEnrolled(data.partnerId);
  if (!mpnProfileIsInTenantCountry(data.legalProfile.country, data.tenantCountry)) {
    throw partnerErrors.mpnCountryMismatch(data.legalProfile.country, data.tenantCountry);
  }
  if (isWebmailAddress(data.primaryContact.email)) throw partnerErrors.webmailNotAccepted(data.primaryContact.email);

  return [
    {
      type: 'PartnerEnrollmentSubmitted',
      data: {
        partnerId: data.partnerId,
        partnerType: data.partnerType,
        mpnId: data.mpnId,
        cloud: data.cloud,
        tenantCountry: data.tenantCountry,
        legalProfile: data.legalProfile,
        primaryContact: data.primaryContact,
        supportContact: data.supportContact,
      },
    },
    {
      // The enrolling user is recorded as the partner's first user, with the primary contact's name
      // and email: domain §2.
      type: 'PartnerUserAdded',
      data: {
        partnerId: data.partnerId,
        userId: actor.userId,
        name: data.primaryContact.name,
        email: data.primaryContact.email,
        roles: ENROLLING_USER_ROLES,
      },
    },
  ];
}

/**
 * The `mpn-id-in-use` rule, decided on the `mpn-{mpnId}` stream: a free id is reserved; an id this
 * partner already holds (a retried enrollment) needs nothing; an id held by another partner is in
 * use — unless that claim is stale (`isStaleMpnClaim`), in which case it passes to this partner.
 * `holder` is the current holder's partner state (only needed when another partner holds it).
 */
export function decideMpnIdReservation(
  state: MpnRegistryState,
  claim: { readonly mpnId: string; readonly partnerId: string },
  holder?: PartnerState,
): MpnIdReserved[] {
  if (isMpnIdHeldBy(state, claim.partnerId)) return [];
  if (state.status === 'reserved' && !(holder && isStaleMpnClaim(state, holder))) {
    throw partnerErrors.mpnIdInUse(claim.mpnId);
  }
  return [{ type: 'MpnIdReserved', data: { mpnId: claim.mpnId, partnerId: claim.partnerId } }];
}

/**
 * Claims the partner's tenant as a CSP tenant on `tenant-{tenantId}`, so RegisterCustomer refuses
 * it from now on. Idempotent for a retried enrollment. Another partner can never hold it (the
 * partner id is the tenant id), but if a corrupt history said so, it is `already-enrolled`.
 */
export function decideCspTenantReservation(
  state: TenantRegistryState,
  claim: { readonly tenantId: string; readonly partnerId: string },
): CspTenantReserved[] {
  const holder = state.status === 'claimed' ? state.cspPartnerId : null;
  if (holder === claim.partnerId) return [];
  if (holder !== null) throw partnerErrors.alreadyEnrolled(claim.tenantId);
  return [{ type: 'CspTenantReserved', data: { tenantId: claim.tenantId, partnerId: claim.partnerId } }];
}
