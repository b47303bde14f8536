/**
 * The query mix of the HTTP queries benchmark, as an auditor asks it (the auditor sees everything,
 * domain §2), about relationships sampled from the data (projected-demo.ts). One pass of a client
 * is six questions about one sampled relationship (customer C, partner P, established at T):
 *
 *   1. P's customer list, first page of 100                  (read model)
 *   2. C now: relationships, DAP grants, open requests        (read model)
 *   3. retained DAP grants, first page of 100, every other
 *      pass only P's                                          (read model)
 *   4. may P submit orders for C now, and why                 (C's stream, P's stream)
 *   5. C as of T                                              (C's stream, replayed)
 *   6. may P administer C's tenant as of T, and why           (C's stream, P's stream)
 *
 * The same six answers are computed in-process by the functions the controllers call, on the same
 * files, as the ceiling.
 */
import { authorizationCheck, toRecordedCustomerEvents } from '@ledger/customers';
import type { EventStore } from '@ledger/event-store';
import { streams } from '@ledger/kernel';
import { loadPartnerState } from '@ledger/partners';
import { getCustomer, listDapGrants, listPartnerCustomers, type ReadModelDb } from '@ledger/projections';
import { customerViewOf, replayCustomer } from '../../../apps/ledger-api/src/queries/customers/customer-as-of';
import { tokenFor } from '../../../apps/ledger-api/test/support/tokens';
import { BENCH_JWT_SECRET } from './api-process';
import type { LoadContext, LoadRequest } from './load';
import type { SampledRelationship } from './projected-demo';

export const QUERIES_PER_PASS = 6;

/** Hands out sampled relationships round-robin. */
export class SampleSource {
  private next = 0;
  constructor(private readonly sample: readonly SampledRelationship[]) {
    if (sample.length === 0) throw new Error('No relationships to query about: the demo store has none.');
  }
  take(): { relationship: SampledRelationship; pass: number } {
    const pass = this.next++;
    return { relationship: this.sample[pass % this.sample.length]!, pass };
  }
}

interface QueryContext extends LoadContext {
  relationship?: SampledRelationship;
  pass?: number;
}

const enc = encodeURIComponent;

function paths(relationship: SampledRelationship, pass: number): string[] {
  const { customerId: c, partnerId: p, establishedAt: t } = relationship;
  return [
    `/v1/partners/${p}/customers?limit=100`,
    `/v1/customers/${c}`,
    pass % 2 === 0 ? '/v1/dap-grants?status=retained&limit=100' : `/v1/dap-grants?status=retained&partnerId=${p}&limit=100`,
    `/v1/authorizations/check?partnerId=${p}&customerId=${c}&action=submit-order`,
    `/v1/customers/${c}?asOf=${enc(t)}`,
    `/v1/authorizations/check?partnerId=${p}&customerId=${c}&action=administer-tenant&asOf=${enc(t)}`,
  ];
}

const LABELS = ['partner customers', 'customer now', 'retained DAP', 'authorization check', 'customer as of', 'authorization check as of'];

/** The auditor who asks the questions (a bearer token good for the length of any run). */
export function benchAuditorToken(): string {
  return tokenFor({ kind: 'auditor', tid: 'compliance', sub: 'bench-auditor', roles: ['auditor'] }, { secret: BENCH_JWT_SECRET, expiresInSeconds: 4 * 3600 });
}

/** The six questions as autocannon requests. */
export function httpQuerySequence(source: SampleSource): LoadRequest[] {
  const headers = { authorization: `Bearer ${benchAuditorToken()}` };
  return LABELS.map((label, step) => ({
    label,
    method: 'GET' as const,
    build: (context: LoadContext) => {
      const state = context as QueryContext;
      if (step === 0) {
        const { relationship, pass } = source.take();
        state.relationship = relationship;
        state.pass = pass;
      }
      return { path: paths(state.relationship!, state.pass!)[step]!, headers };
    },
  }));
}

/**
 * The six answers in-process, as the controllers compute them for an auditor (who passes every
 * scope check): the read-model query functions, the partner's and customer's streams through the
 * upcasting store, the replay, and the JSON the HTTP answer would carry.
 */
export async function answerPassInProcess(db: ReadModelDb, log: EventStore, relationship: SampledRelationship, pass: number): Promise<number> {
  const { customerId: c, partnerId: p, establishedAt: t } = relationship;
  let bytes = 0;
  const answer = (value: unknown): void => void (bytes += JSON.stringify(value).length);

  const partner = await loadPartnerState(log, p);
  if (partner.status === 'none') throw new Error(`partner ${p} not found`);
  answer(listPartnerCustomers(db, p, { limit: 100 }));
  answer(getCustomer(db, c));
  answer(listDapGrants(db, { limit: 100, status: 'retained', ...(pass % 2 === 0 ? {} : { partnerId: p }) }));
  for (const [action, asOf] of [['submit-order', undefined], ['administer-tenant', t]] as const) {
    const [, events] = await Promise.all([loadPartnerState(log, p), log.readStream(streams.customer(c))]);
    answer(authorizationCheck(toRecordedCustomerEvents(events), p, action, asOf));
    if (asOf !== undefined) {
      const asOfEvents = await log.readStream(streams.customer(c));
      answer(customerViewOf(replayCustomer(asOfEvents, { asOf })));
    }
  }
  return bytes;
}
