import { type Command, type PartnerRole, USER_MANAGERS } from '@ledger/kernel';
import { authorizePartnerActor } from '../access/partner-access';
import { partnerErrors } from '../partner/partner.errors';
import type { PartnerEvent } from '../partner/partner.events';
import { distinctRoles, findRecordedUser, isEmailUsedByAUser } from '../partner/partner.rules';
import type { PartnerState } from '../partner/partner.state';

export type AddPartnerUser = Command<
  'AddPartnerUser',
  {
    readonly partnerId: string;
    readonly userId: string;
    readonly name: string;
    readonly email: string;
    readonly roles: readonly PartnerRole[];
  }
>;

/**
 * A user manager records a new user. Order: authorization (kind/tenant 403 → partner-not-found →
 * recorded user-manager role 403 → partner-not-approved), then the rule "`userId` new and email
 * unique within the partner", both under its one code `duplicate-user-email` (details.field says
 * which). "New" means not a current user: a removed user may be added again.
 */
export function decideAddPartnerUser(command: AddPartnerUser, state: PartnerState): PartnerEvent[] {
  const { partnerId, userId, name, email, roles } = command.data;
  const { partner } = authorizePartnerActor(command.context.actor, partnerId, state, USER_MANAGERS);
  if (findRecordedUser(partner, userId)) throw partnerErrors.duplicateUserEmail('userId', userId);
  if (isEmailUsedByAUser(partner, email)) throw partnerErrors.duplicateUserEmail('email', email);
  return [{ type: 'PartnerUserAdded', data: { partnerId, userId, name, email, roles: distinctRoles(roles) } }];
}
