import type { PartnerEvent } from './partner.events';
import type { EnrolledPartnerState, PartnerState, PartnerUser } from './partner.state';

/**
 * Folds one `partner-*` event into the partner's state. Never throws: an event that does not fit
 * the state (which the deciders never produce) leaves the state as it is.
 */
export function evolvePartner(state: PartnerState, event: PartnerEvent): PartnerState {
  if (event.type === 'PartnerEnrollmentSubmitted') {
    if (state.status !== 'none') return state;
    const { partnerId, partnerType, mpnId, cloud, tenantCountry, legalProfile, primaryContact, supportContact } =
      event.data;
    return {
      status: 'pending',
      partnerId,
      partnerType,
      mpnId,
      cloud,
      tenantCountry,
      legalProfile,
      primaryContact,
      supportContact,
      primaryContactVerified: false,
      users: {},
    };
  }
  if (state.status === 'none') return state;
  return evolveEnrolled(state, event);
}

function evolveEnrolled(state: EnrolledPartnerState, event: PartnerEvent): PartnerState {
  switch (event.type) {
    case 'PartnerUserAdded': {
      const { userId, name, email, roles } = event.data;
      return withUsers(state, { ...state.users, [userId]: { userId, name, email, roles } });
    }
    case 'PrimaryContactEmailVerified':
      return { ...state, primaryContactVerified: true };
    case 'PartnerEnrollmentApproved':
      return state.status === 'pending' ? { ...state, status: 'approved' } : state;
    case 'PartnerEnrollmentRejected':
      return state.status === 'pending' ? { ...state, status: 'rejected' } : state;
    case 'PartnerUserRolesChanged': {
      const user = state.users[event.data.userId];
      if (!user) return state;
      return withUsers(state, { ...state.users, [user.userId]: { ...user, roles: event.data.roles } });
    }
    case 'PartnerUserRemoved': {
      if (!state.users[event.data.userId]) return state;
      const users = Object.fromEntries(Object.entries(state.users).filter(([userId]) => userId !== event.data.userId));
      return withUsers(state, users);
    }
    default:
      return state;
  }
}

function withUsers(state: EnrolledPartnerState, users: Record<string, PartnerUser>): EnrolledPartnerState {
  return { ...state, users };
}
