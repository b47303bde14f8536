import type { Cloud, PartnerRole, PartnerType } from '@ledger/kernel';

/** A partner user as the ledger recorded it; these roles are the ones authorization uses. */
export interface PartnerUser {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly PartnerRole[];
}

export interface LegalProfile {
  readonly name: string;
  readonly address: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface PrimaryContact {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

export interface SupportContact {
  readonly email: string;
  readonly phone: string;
  readonly website?: string;
}

/** What every enrolled partner has, whatever its enrollment status. */
export interface EnrolledPartner {
  readonly partnerId: string;
  readonly partnerType: PartnerType;
  readonly mpnId: string;
  readonly cloud: Cloud;
  readonly tenantCountry: string;
  readonly legalProfile: LegalProfile;
  readonly primaryContact: PrimaryContact;
  readonly supportContact: SupportContact;
  readonly primaryContactVerified: boolean;
  /** Current users by user id; removed users are gone from here. */
  readonly users: Readonly<Record<string, PartnerUser>>;
}

/**
 * The partner aggregate's state (stream `partner-{partnerId}`), a union on `status`:
 * `none` before enrollment; `pending` until the program reviews it; then `approved` or `rejected`
 * (a rejected partner stays inert).
 */
export type PartnerState =
  | { readonly status: 'none' }
  | (EnrolledPartner & { readonly status: 'pending' })
  | (EnrolledPartner & { readonly status: 'approved' })
  | (EnrolledPartner & { readonly status: 'rejected' });

export type EnrolledPartnerState = Exclude<PartnerState, { status: 'none' }>;

export const initialPartnerState: PartnerState = { status: 'none' };
