import { conflict, type DomainError, notFound, unprocessable } from '@ledger/kernel';

/*
 * The subscription aggregate's refusals, with the stable codes of domain §4.4
 * (plus `partner-of-record-not-allowed`, which the domain leaves unnamed; see the events doc).
 */

export const subscriptionNotFound = (subscriptionId: string): DomainError =>
  notFound('subscription-not-found', `Subscription ${subscriptionId} is not recorded.`);

export const alreadyRecorded = (subscriptionId: string): DomainError =>
  conflict('already-recorded', `Subscription ${subscriptionId} is already recorded.`);

export const noActiveRelationship = (partnerId: string | undefined, customerId: string): DomainError =>
  conflict(
    'no-active-relationship',
    partnerId === undefined
      ? `A csp subscription needs a partner of record with an active reseller relationship with customer ${customerId}.`
      : `Partner ${partnerId} has no active reseller relationship with customer ${customerId}.`,
  );

export const subscriptionNotActive = (subscriptionId: string): DomainError =>
  conflict('subscription-not-active', `Subscription ${subscriptionId} is cancelled.`);

export const licenseTermNotEnded = (subscriptionId: string, termEndsAt: string | null): DomainError =>
  conflict(
    'license-term-not-ended',
    termEndsAt === null
      ? `License subscription ${subscriptionId} has no recorded term end, so its term cannot have ended.`
      : `License subscription ${subscriptionId} may change partner only once its term has ended (${termEndsAt}).`,
  );

/**
 * Domain §4.4: "other channels have no partner of record". The domain names no code; this one is
 * 422 because the request itself is unacceptable whatever the state. The HTTP edge may already
 * refuse it as a 400 validation error.
 */
export const partnerOfRecordNotAllowed = (channel: string): DomainError =>
  unprocessable('partner-of-record-not-allowed', `A ${channel} subscription has no partner of record; only csp subscriptions do.`);
