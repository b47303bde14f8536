import type { Cloud, Command } from '@ledger/kernel';
import type { RemovalAttestation, RemovalLegalNotice } from './customer.events';

/*
 * Commands decided against the customer stream (domain §4.3). Names are the public contract.
 * Each carries its context (actor, time, command id); generated ids derive from the command id.
 */

/** Make a customer tenant known to the ledger. Creates no relationship. */
export type RegisterCustomer = Command<
  'RegisterCustomer',
  {
    readonly customerId: string;
    readonly companyName: string;
    readonly domain: string;
    readonly country: string;
    readonly cloud: Cloud;
  }
>;

/** A partner asks the customer for a reseller relationship, optionally with DAP. */
export type RequestResellerRelationship = Command<
  'RequestResellerRelationship',
  {
    readonly customerId: string;
    readonly partnerId: string;
    readonly includeDelegatedAdmin: boolean;
  }
>;

/** An indirect reseller invites the customer to accept both itself and its indirect provider. */
export type InviteCustomerWithIndirectProvider = Command<
  'InviteCustomerWithIndirectProvider',
  {
    readonly customerId: string;
    readonly resellerId: string;
    readonly providerId: string;
    readonly includeDelegatedAdmin: boolean;
  }
>;

/** The customer's global admin accepts an open request. */
export type AcceptRelationship = Command<'AcceptRelationship', { readonly customerId: string; readonly requestId: string }>;

/** The customer's global admin declines an open request. */
export type DeclineRelationship = Command<'DeclineRelationship', { readonly customerId: string; readonly requestId: string }>;

/** A partner's admin ends the partner's reseller relationship with the customer. DAP is untouched. */
export type RemoveCustomerRelationship = Command<
  'RemoveCustomerRelationship',
  {
    readonly customerId: string;
    readonly partnerId: string;
    readonly attestation: RemovalAttestation;
    readonly legalNotice: RemovalLegalNotice;
  }
>;

/** The customer's global admin revokes, or the partner's admin gives up, a partner's DAP grant. */
export type RevokeDelegatedAdminPrivileges = Command<
  'RevokeDelegatedAdminPrivileges',
  { readonly customerId: string; readonly partnerId: string }
>;

export type CustomerCommand =
  | RegisterCustomer
  | RequestResellerRelationship
  | InviteCustomerWithIndirectProvider
  | AcceptRelationship
  | DeclineRelationship
  | RemoveCustomerRelationship
  | RevokeDelegatedAdminPrivileges;
