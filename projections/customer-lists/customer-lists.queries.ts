import type { Cloud } from '@ledger/kernel';
import type { ReadModelDb } from '../runner/projection';
import { type Page, type PageRequest, decodeCursor, pageLimit, toPage } from '../shared/paging';
import { statement } from '../shared/statements';

/** An item of a partner's customer list (`GET /v1/partners/{partnerId}/customers` and the shared list). */
export interface CustomerListItem {
  readonly customerId: string;
  readonly companyName: string;
  /** When this partner's current relationship was established. */
  readonly since: string;
  /** This partner holds an active DAP grant on the customer. */
  readonly delegatedAdmin: boolean;
}

export interface OpenRequestView {
  readonly requestId: string;
  readonly partners: string[];
  readonly delegatedAdminFor: string[];
}

export interface CustomerRelationshipView {
  readonly partnerId: string;
  readonly since: string;
}

export interface CustomerDapGrantView {
  readonly partnerId: string;
  readonly grantedAt: string;
  /** False for a retained grant: the relationship was removed, the admin access was not. */
  readonly relationshipActive: boolean;
}

/** `GET /v1/customers/{customerId}` (current state; `asOf`/`atPosition` are answered from the log). */
export interface CustomerView {
  readonly customerId: string;
  readonly companyName: string;
  readonly domain: string;
  readonly country: string;
  readonly cloud: Cloud;
  /** Active relationships only. */
  readonly relationships: CustomerRelationshipView[];
  /** Active DAP grants, retained ones included. */
  readonly dapGrants: CustomerDapGrantView[];
  readonly openRequests: OpenRequestView[];
}

/** A customer list row as the lists read it, in this column order (raw rows: no object per row). */
type CustomerListRow = [customer_id: string, company_name: string, since: string, delegated_admin: number];

const toListItem = ([customerId, companyName, since, delegatedAdmin]: CustomerListRow): CustomerListItem => ({
  customerId,
  companyName,
  since,
  delegatedAdmin: delegatedAdmin === 1,
});

function afterCustomer(request: PageRequest): string {
  return request.cursor ? decodeCursor<[string]>(request.cursor, ['string'])[0] : '';
}

/** A partner's customer list: customers it has an active reseller relationship with, by customer id. */
export function listPartnerCustomers(db: ReadModelDb, partnerId: string, request: PageRequest = {}): Page<CustomerListItem> {
  const limit = pageLimit(request.limit);
  const rows = statement(
    db,
    `SELECT customer_id, company_name, since, delegated_admin
     FROM customer_relationships
     WHERE partner_id = ? AND status = 'active' AND customer_id > ?
     ORDER BY customer_id LIMIT ?`,
  )
    .raw(true)
    .all(partnerId, afterCustomer(request), limit + 1) as CustomerListRow[];
  return toPage(rows, limit, (row) => [row[0]], toListItem);
}

export interface SharedCustomersRequest extends PageRequest {
  /**
   * Whose `since` and `delegatedAdmin` the items show: the reseller (default) or the provider. A
   * partner never sees another partner's grants, so the API passes the calling partner.
   */
  readonly viewpointPartnerId?: string;
}

/** A shared customer as the list reads it: the reseller's and the provider's since and DAP. */
type SharedCustomerRow = [
  customer_id: string,
  company_name: string,
  reseller_since: string,
  reseller_delegated_admin: number,
  provider_since: string,
  provider_delegated_admin: number,
];

/**
 * Customers that a reseller and one of its providers both have an active relationship with.
 *
 * Walks the reseller's customers and looks each up among the provider's (`CROSS JOIN` keeps that
 * order: SQLite has no statistics to choose by). A provider serves the customers of all its
 * resellers, so walking the provider's instead — as this did from the provider's viewpoint —
 * read thousands of relationships for a page of a few shared ones (2–3 ms at 1M events, 0.1–0.5 ms now).
 */
export function listSharedCustomers(db: ReadModelDb, resellerId: string, providerId: string, request: SharedCustomersRequest = {}): Page<CustomerListItem> {
  const limit = pageLimit(request.limit);
  const providerView = request.viewpointPartnerId === providerId && providerId !== resellerId;
  const rows = statement(
    db,
    `SELECT r.customer_id, r.company_name, r.since, r.delegated_admin, p.since, p.delegated_admin
     FROM customer_relationships r
       CROSS JOIN customer_relationships p ON p.partner_id = ? AND p.customer_id = r.customer_id AND p.status = 'active'
     WHERE r.partner_id = ? AND r.status = 'active' AND r.customer_id > ?
     ORDER BY r.customer_id LIMIT ?`,
  )
    .raw(true)
    .all(providerId, resellerId, afterCustomer(request), limit + 1) as SharedCustomerRow[];
  return toPage(
    rows,
    limit,
    (row) => [row[0]],
    ([customerId, companyName, resellerSince, resellerDap, providerSince, providerDap]) =>
      toListItem([customerId, companyName, providerView ? providerSince : resellerSince, providerView ? providerDap : resellerDap]),
  );
}

interface CustomerRow {
  customer_id: string;
  company_name: string;
  domain: string;
  country: string;
  cloud: Cloud;
}

interface PairRow {
  partner_id: string;
  status: 'active' | 'removed' | 'none';
  since: string | null;
  delegated_admin: number;
  dap_granted_at: string | null;
}

interface RequestRow {
  request_id: string;
  partners: string;
  delegated_admin_for: string;
}

export interface CustomerScope {
  /** Only this partner's entries (relationships, grants, and the open requests that name it). */
  readonly partnerId?: string;
}

/** The customer with its active relationships, active DAP grants and open requests; null if not registered. */
export function getCustomer(db: ReadModelDb, customerId: string, scope: CustomerScope = {}): CustomerView | null {
  const customer = statement(db, 'SELECT customer_id, company_name, domain, country, cloud FROM customers WHERE customer_id = ?').get(customerId) as
    | CustomerRow
    | undefined;
  if (!customer) return null;
  const pairs = (
    statement(db, 'SELECT partner_id, status, since, delegated_admin, dap_granted_at FROM customer_relationships WHERE customer_id = ? ORDER BY partner_id').all(
      customerId,
    ) as PairRow[]
  ).filter((pair) => scope.partnerId === undefined || pair.partner_id === scope.partnerId);
  const requests = (
    statement(
      db,
      `SELECT request_id, partners, delegated_admin_for FROM customer_requests WHERE customer_id = ? AND status = 'open' ORDER BY position`,
    ).all(customerId) as RequestRow[]
  )
    .map((row) => ({ requestId: row.request_id, partners: JSON.parse(row.partners) as string[], delegatedAdminFor: JSON.parse(row.delegated_admin_for) as string[] }))
    .filter((request) => scope.partnerId === undefined || request.partners.includes(scope.partnerId));
  return {
    customerId: customer.customer_id,
    companyName: customer.company_name,
    domain: customer.domain,
    country: customer.country,
    cloud: customer.cloud,
    relationships: pairs.filter((pair) => pair.status === 'active').map((pair) => ({ partnerId: pair.partner_id, since: pair.since! })),
    dapGrants: pairs
      .filter((pair) => pair.delegated_admin === 1)
      .map((pair) => ({ partnerId: pair.partner_id, grantedAt: pair.dap_granted_at!, relationshipActive: pair.status === 'active' })),
    openRequests: requests,
  };
}

/** The partners with an active relationship with the customer (the multi-partner view), by partner id. */
export function listCustomerPartners(db: ReadModelDb, customerId: string): CustomerRelationshipView[] {
  return (
    statement(db, `SELECT partner_id, since FROM customer_relationships WHERE customer_id = ? AND status = 'active' ORDER BY partner_id`).all(customerId) as {
      partner_id: string;
      since: string;
    }[]
  ).map((row) => ({ partnerId: row.partner_id, since: row.since }));
}

export interface PartnerCustomerLink {
  /** `active`, `removed` (it had one), or null: never had a relationship with the customer. */
  readonly relationship: 'active' | 'removed' | null;
  readonly delegatedAdmin: boolean;
}

/**
 * What ties a partner to a customer, for read scoping (domain §2: a partner that has or had a
 * relationship sees its own entries of the customer).
 */
export function partnerCustomerLink(db: ReadModelDb, partnerId: string, customerId: string): PartnerCustomerLink {
  const row = statement(db, 'SELECT status, delegated_admin FROM customer_relationships WHERE partner_id = ? AND customer_id = ?').get(partnerId, customerId) as
    | { status: 'active' | 'removed' | 'none'; delegated_admin: number }
    | undefined;
  return { relationship: row && row.status !== 'none' ? row.status : null, delegatedAdmin: row?.delegated_admin === 1 };
}

export interface PartnerOpenRequestView extends OpenRequestView {
  readonly customerId: string;
  readonly requestedAt: string;
}

/** Open relationship requests that name the partner, oldest first. */
export function listPartnerOpenRequests(db: ReadModelDb, partnerId: string, request: PageRequest = {}): Page<PartnerOpenRequestView> {
  const limit = pageLimit(request.limit);
  const after = request.cursor ? decodeCursor<[number]>(request.cursor, ['number'])[0] : 0;
  const rows = statement(
    db,
    `SELECT q.request_id, q.customer_id, q.partners, q.delegated_admin_for, q.requested_at, q.position
     FROM customer_request_partners p JOIN customer_requests q ON q.request_id = p.request_id
     WHERE p.partner_id = ? AND p.position > ? AND q.status = 'open'
     ORDER BY p.position LIMIT ?`,
  ).all(partnerId, after, limit + 1) as (RequestRow & { customer_id: string; requested_at: string; position: number })[];
  return toPage(
    rows,
    limit,
    (row) => [row.position],
    (row) => ({
      requestId: row.request_id,
      customerId: row.customer_id,
      partners: JSON.parse(row.partners) as string[],
      delegatedAdminFor: JSON.parse(row.delegated_admin_for) as string[],
      requestedAt: row.requested_at,
    }),
  );
}
