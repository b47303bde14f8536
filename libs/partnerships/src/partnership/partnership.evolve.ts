import type { PartnershipEvent } from './partnership.events';
import type { PartnershipHistory, PartnershipState } from './partnership.state';

/** Folds one `partnership-*` event into the state. Never throws: events that do not fit are ignored. */
export function evolvePartnership(state: PartnershipState, event: PartnershipEvent): PartnershipState {
  switch (event.type) {
    case 'ResellerInvited': {
      const { invitationId, providerId, resellerId, message } = event.data;
      const history = historyOf(state, providerId, resellerId);
      return {
        status: 'invited',
        providerId: history.providerId,
        resellerId: history.resellerId,
        invitationIds: [...history.invitationIds, invitationId],
        openInvitation: message === undefined ? { invitationId } : { invitationId, message },
      };
    }
    case 'IndirectProviderAuthorized':
      if (state.status !== 'invited' || state.openInvitation.invitationId !== event.data.invitationId) return state;
      return {
        status: 'active',
        providerId: state.providerId,
        resellerId: state.resellerId,
        invitationIds: state.invitationIds,
        invitationId: event.data.invitationId,
        grants: event.data.grants,
      };
    case 'ProviderTenantAdminAccessRemoved':
      if (state.status !== 'active') return state;
      return { ...state, grants: state.grants.filter((grant) => grant !== 'reseller-tenant-admin') };
    case 'PartnershipEnded':
      if (state.status !== 'active') return state;
      return {
        status: 'ended',
        providerId: state.providerId,
        resellerId: state.resellerId,
        invitationIds: state.invitationIds,
        endedBy: event.data.endedBy,
      };
    default:
      return state;
  }
}

function historyOf(state: PartnershipState, providerId: string, resellerId: string): PartnershipHistory {
  if (state.status === 'none') return { providerId, resellerId, invitationIds: [] };
  return state;
}
