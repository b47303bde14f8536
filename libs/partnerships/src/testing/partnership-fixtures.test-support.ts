import type { Cloud, PartnerType } from '@ledger/kernel';
import type { PartnerEvent } from '@ledger/partners';
import {
  approvedPartner,
  enrolled,
  enrollingUserOf,
  ids,
  partnerActor,
  partnerStateOf,
} from '../../../partners/src/testing/partner-fixtures.test-support';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { PartnershipInputs } from '../partnership/partnership.inputs';

export { contextOf, enrollingUserOf, ids, partnerActor, programActor, userAdded } from '../../../partners/src/testing/partner-fixtures.test-support';

export const providerId = ids.provider;
export const resellerId = ids.reseller;
export const providerAdmin = partnerActor(providerId, enrollingUserOf(providerId));
export const resellerAdmin = partnerActor(resellerId, enrollingUserOf(resellerId));

export const INVITATION_1 = 'd0000000-0000-4000-8000-000000000001';
export const INVITATION_2 = 'd0000000-0000-4000-8000-000000000002';

export const approvedProvider = (cloud: Cloud = 'global', type: PartnerType = 'indirect-provider'): PartnerEvent[] =>
  approvedPartner(providerId, type, cloud);
export const approvedReseller = (cloud: Cloud = 'global', type: PartnerType = 'indirect-reseller'): PartnerEvent[] =>
  approvedPartner(resellerId, type, cloud);

/** Both sides approved, same cloud: the usual two-tier pair. */
export function inputs(
  provider: PartnerEvent[] = approvedProvider(),
  reseller: PartnerEvent[] = approvedReseller(),
): PartnershipInputs {
  return { provider: partnerStateOf(provider), reseller: partnerStateOf(reseller) };
}

export const pendingPartner = (partnerId: string, partnerType: PartnerType): PartnerEvent[] =>
  enrolled(partnerId, { partnerType });

export const invited = (invitationId = INVITATION_1, message?: string): PartnershipEvent => ({
  type: 'ResellerInvited',
  data: { invitationId, providerId, resellerId, ...(message === undefined ? {} : { message }) },
});

export const authorized = (invitationId = INVITATION_1): PartnershipEvent => ({
  type: 'IndirectProviderAuthorized',
  data: { invitationId, providerId, resellerId, grants: ['submit-orders', 'reseller-tenant-admin'] },
});

export const tenantAdminAccessRemoved = (): PartnershipEvent => ({
  type: 'ProviderTenantAdminAccessRemoved',
  data: { providerId, resellerId },
});

export const ended = (endedBy: 'provider' | 'reseller' = 'reseller', reason = 'We stopped working together.'): PartnershipEvent => ({
  type: 'PartnershipEnded',
  data: { providerId, resellerId, endedBy, reason },
});
