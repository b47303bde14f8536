import { conflict, type DomainError, notFound, unprocessable } from '@ledger/kernel';

/*
 * The customer aggregate's refusals, with the stable codes of domain §4.3 (clients match on them).
 * Kinds map to HTTP statuses at the edge: not-found 404, conflict 409, unprocessable 422.
 */

export const customerNotFound = (customerId: string): DomainError =>
  notFound('customer-not-found', `Customer ${customerId} is not registered.`);

export const alreadyRegistered = (customerId: string): DomainError =>
  conflict('already-registered', `Customer ${customerId} is already registered.`);

export const cspPartnerCannotResellToCspPartner = (tenantId: string): DomainError =>
  conflict(
    'csp-partner-cannot-resell-to-csp-partner',
    `Tenant ${tenantId} is the CSP tenant of an enrolled partner; a CSP partner cannot resell online services to another CSP partner.`,
  );

export const crossCloud = (partnerId: string, partnerCloud: string, customerId: string, customerCloud: string): DomainError =>
  conflict(
    'cross-cloud',
    `Partner ${partnerId} is in the ${partnerCloud} cloud and customer ${customerId} in the ${customerCloud} cloud; nothing crosses clouds.`,
  );

export const relationshipExists = (partnerId: string, customerId: string): DomainError =>
  conflict('relationship-exists', `Partner ${partnerId} already has an active reseller relationship with customer ${customerId}.`);

export const noActivePartnership = (resellerId: string, providerId: string): DomainError =>
  conflict(
    'no-active-partnership',
    `Partner ${resellerId} is not an indirect reseller with an active partnership with indirect provider ${providerId}.`,
  );

/** 404: no request with this id was ever made to this customer. */
export const requestNotFound = (requestId: string): DomainError =>
  notFound('request-not-found', `No relationship request ${requestId} was made to this customer.`);

/** 409, same code: the request exists but was already accepted or declined. */
export const requestNotOpen = (requestId: string, status: string): DomainError =>
  conflict('request-not-found', `Relationship request ${requestId} is no longer open (${status}).`);

export const relationshipNotFound = (partnerId: string, customerId: string): DomainError =>
  conflict('relationship-not-found', `Partner ${partnerId} has no active reseller relationship with customer ${customerId}.`);

export const attestationRequired = (): DomainError =>
  unprocessable(
    'attestation-required',
    'Removing a customer relationship requires attesting that it is done in good faith for a legitimate business purpose.',
  );

export const grantNotFound = (partnerId: string, customerId: string): DomainError =>
  conflict('grant-not-found', `Partner ${partnerId} holds no active delegated admin privileges for customer ${customerId}.`);
