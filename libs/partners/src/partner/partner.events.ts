import { type Cloud, type DomainEvent, type PartnerRole, type PartnerType, streams } from '@ledger/kernel';
import type { LegalProfile, PrimaryContact, SupportContact } from './partner.state';

/** The partner aggregate's stream: `partner-{partnerId}` (domain §3). */
export const partnerStream = (partnerId: string): string => streams.partner(partnerId);

/**
 * An organisation applied to the CSP program with its tenant (EnrollPartner). The enrollment is
 * `pending` until the program reviews it; until it is approved the partner can do nothing else.
 * Always followed, in the same append, by `PartnerUserAdded` for the enrolling user.
 */
export type PartnerEnrollmentSubmitted = DomainEvent<
  'PartnerEnrollmentSubmitted',
  {
    /** The partner's id: the UUID of the directory tenant it uses for CSP. */
    readonly partnerId: string;
    /** Exactly one for life: `direct-provider`, `indirect-provider` or `indirect-reseller`. */
    readonly partnerType: PartnerType;
    /** Microsoft Partner Network id (6–10 digits), unique across partners (reserved on `mpn-{mpnId}`). */
    readonly mpnId: string;
    /** The cloud instance the partner lives in; nothing it does crosses clouds. */
    readonly cloud: Cloud;
    /** Country of the partner's directory tenant (ISO 3166-1 alpha-2). */
    readonly tenantCountry: string;
    /** Legal business profile from the MPN organisation profile; its country equals `tenantCountry`. */
    readonly legalProfile: LegalProfile;
    /** Whom the program contacts about the application; a company address, never web-based mail. */
    readonly primaryContact: PrimaryContact;
    /** Customer support details the partner publishes. */
    readonly supportContact: SupportContact;
  }
>;

/**
 * A user was recorded for the partner with these roles: the enrolling user at enrollment
 * (`global-admin` + `admin-agent`), later users through AddPartnerUser. Only recorded users
 * may act for a partner, and only with their recorded roles (domain §2).
 */
export type PartnerUserAdded = DomainEvent<
  'PartnerUserAdded',
  {
    /** The partner the user belongs to. */
    readonly partnerId: string;
    /** The user's id (the token's `sub`). */
    readonly userId: string;
    /** Full name. */
    readonly name: string;
    /** Work email, unique among the partner's current users (compared case-insensitively). */
    readonly email: string;
    /** The roles the ledger grants this user from now on (no duplicates). */
    readonly roles: readonly PartnerRole[];
  }
>;

/**
 * The primary contact followed the emailed verification link: it confirmed it signed up and that
 * the address belongs to the organisation. Approval requires it.
 */
export type PrimaryContactEmailVerified = DomainEvent<
  'PrimaryContactEmailVerified',
  {
    /** The partner whose enrollment is being verified. */
    readonly partnerId: string;
    /** The primary contact address that was verified. */
    readonly email: string;
    /** The opaque token from the link, recorded as evidence (the ledger does not check it). */
    readonly token: string;
  }
>;

/** The program approved the enrollment: the partner may now act in CSP. Final. */
export type PartnerEnrollmentApproved = DomainEvent<
  'PartnerEnrollmentApproved',
  {
    /** The approved partner. */
    readonly partnerId: string;
    /** The reviewer's note, when given. */
    readonly reason?: string;
  }
>;

/** The program rejected the enrollment: the partner stays inert for good. Final. */
export type PartnerEnrollmentRejected = DomainEvent<
  'PartnerEnrollmentRejected',
  {
    /** The rejected partner. */
    readonly partnerId: string;
    /** Why it was rejected, when given. */
    readonly reason?: string;
  }
>;

/** A recorded user's roles were replaced (ChangePartnerUserRoles). */
export type PartnerUserRolesChanged = DomainEvent<
  'PartnerUserRolesChanged',
  {
    /** The partner the user belongs to. */
    readonly partnerId: string;
    /** The user whose roles changed. */
    readonly userId: string;
    /** The complete new set of roles (no duplicates); it replaces the previous one. */
    readonly roles: readonly PartnerRole[];
    /** The roles before the change, for the audit trail. */
    readonly previousRoles: readonly PartnerRole[];
  }
>;

/** A user was removed from the partner and may do nothing for it any more (403). */
export type PartnerUserRemoved = DomainEvent<
  'PartnerUserRemoved',
  {
    /** The partner the user belonged to. */
    readonly partnerId: string;
    /** The removed user; the id may be added again later with AddPartnerUser. */
    readonly userId: string;
  }
>;

/** Every event of a `partner-*` stream. */
export type PartnerEvent =
  | PartnerEnrollmentSubmitted
  | PartnerUserAdded
  | PrimaryContactEmailVerified
  | PartnerEnrollmentApproved
  | PartnerEnrollmentRejected
  | PartnerUserRolesChanged
  | PartnerUserRemoved;

export const PARTNER_EVENT_TYPES: readonly PartnerEvent['type'][] = [
  'PartnerEnrollmentSubmitted',
  'PartnerUserAdded',
  'PrimaryContactEmailVerified',
  'PartnerEnrollmentApproved',
  'PartnerEnrollmentRejected',
  'PartnerUserRolesChanged',
  'PartnerUserRemoved',
];
