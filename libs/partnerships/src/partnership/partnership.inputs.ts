import type { PartnerState } from '@ledger/partners/domain';

/**
 * Facts from other streams every partnership command needs, loaded by the handler from
 * `partner-{providerId}` and `partner-{resellerId}` (never from a read model): the acting side's
 * recorded users and approval, and both sides' existence, type and cloud.
 */
export interface PartnershipInputs {
  readonly provider: PartnerState;
  readonly reseller: PartnerState;
}
