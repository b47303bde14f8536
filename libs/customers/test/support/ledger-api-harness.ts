/*
 * What the customers and subscriptions HTTP tests share: the real API in a child process on a temp
 * data dir (apps/ledger-api/test/support), a seed on the same events.db (test/support), tokens for
 * every kind of actor, and assertions on problem answers and on "nothing was appended".
 */
import { type AppProcess, makeTempDir, startApp } from '../../../../apps/ledger-api/test/support/app-process';
import { client, type HttpResult, type RequestOptions } from '../../../../apps/ledger-api/test/support/http';
import { TEST_JWT_SECRET, tokenFor } from '../../../../apps/ledger-api/test/support/tokens';
import { LedgerSeed, SEEDED_CUSTOMER_ADMIN, SEEDED_PARTNER_USERS } from '../../../../test/support/customer-seed';

export { SEEDED_PARTNER_USERS } from '../../../../test/support/customer-seed';
export type { HttpResult } from '../../../../apps/ledger-api/test/support/http';

export interface LedgerApiHarness {
  readonly app: AppProcess;
  readonly http: ReturnType<typeof client>;
  readonly seed: LedgerSeed;
  stop(): Promise<void>;
}

/** Opens the seed on a fresh data dir, then starts the API on it. */
export async function startLedgerApi(): Promise<LedgerApiHarness> {
  const dataDir = makeTempDir('ledger-customers-int-');
  const seed = LedgerSeed.open(dataDir);
  // Rate limiting is the platform's concern; these tests fire many requests as one actor.
  const app = await startApp({ dataDir, env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '1000000' } });
  return {
    app,
    http: client(app.url),
    seed,
    async stop() {
      await app.stop();
      await seed.close();
    },
  };
}

/** Bearer tokens for the actors of domain §2. Partner users' roles come from the ledger, not the token. */
export const tokens = {
  /** A user of `partnerId`; the token claims `global-admin` whatever the user's recorded roles, to show they are ignored. */
  partner: (partnerId: string, userId: string = SEEDED_PARTNER_USERS.globalAdmin) =>
    tokenFor({ kind: 'partner', tid: partnerId, sub: userId, roles: ['global-admin'] }),
  /** The customer tenant's global admin. */
  customerAdmin: (customerId: string) => tokenFor({ kind: 'customer', tid: customerId, sub: SEEDED_CUSTOMER_ADMIN, roles: ['global-admin'] }),
  /** A user of the customer tenant without `global-admin`. */
  customerUser: (customerId: string) => tokenFor({ kind: 'customer', tid: customerId, sub: 'customer-reader', roles: ['billing-reader'] }),
  program: () => tokenFor({ kind: 'program', tid: 'program', sub: 'reviewer-1', roles: ['reviewer'] }),
  auditor: () => tokenFor({ kind: 'auditor', tid: 'audit', sub: 'auditor-1', roles: ['auditor'] }),
  service: () => tokenFor({ kind: 'service', tid: 'svc', sub: 'service-1', roles: ['reader'] }),
};

/** A problem+json answer with this status and code. */
export function expectProblem(response: HttpResult, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.contentType).toContain('application/problem+json');
}

/** A 400 `validation-failed` whose `errors` name exactly these fields (in any order). */
export function expectFieldErrors(response: HttpResult, fields: readonly string[]): void {
  expectProblem(response, 400, 'validation-failed');
  const reported = (response.body.errors as Array<{ field: string }>).map((error) => error.field);
  expect([...new Set(reported)].sort()).toEqual([...fields].sort());
}

/** Runs a request and checks it answered `status`/`code` and appended nothing to the log. */
export async function expectRefusedWithoutAppend(
  harness: LedgerApiHarness,
  send: () => Promise<HttpResult>,
  status: number,
  code: string,
): Promise<HttpResult> {
  const before = await harness.seed.headPosition();
  const response = await send();
  expectProblem(response, status, code);
  expect(await harness.seed.headPosition()).toBe(before);
  return response;
}

/** A successful write: the status, a `position` equal to the log head, and the events it appended. */
export async function expectWrite(
  harness: LedgerApiHarness,
  send: () => Promise<HttpResult>,
  status: 200 | 201,
): Promise<{ response: HttpResult; appended: string[] }> {
  const before = await harness.seed.headPosition();
  const response = await send();
  if (response.status !== status) throw new Error(`Expected ${status}, got ${response.status}: ${response.text}`);
  expect(typeof response.body.position).toBe('string');
  expect(response.body.position).toBe(await harness.seed.headPosition());
  return { response, appended: await harness.seed.typesAfter(before) };
}

export type { RequestOptions };

/**
 * The authorization matrix of one command: each refused actor (keyed by why it is refused) gets
 * 403 `forbidden` and appends nothing; then the allowed actor succeeds with the very same request,
 * which shows the refusals were about the actor alone.
 */
export async function expectOnlyAllowedActor(
  harness: LedgerApiHarness,
  matrix: {
    readonly send: (token: string) => Promise<HttpResult>;
    readonly refused: Readonly<Record<string, string>>;
    readonly allowed: string;
    readonly status: 200 | 201;
  },
): Promise<HttpResult> {
  for (const [why, token] of Object.entries(matrix.refused)) {
    const before = await harness.seed.headPosition();
    const response = await matrix.send(token);
    expect({ why, status: response.status, code: response.body?.code }).toEqual({ why, status: 403, code: 'forbidden' });
    expect({ why, head: await harness.seed.headPosition() }).toEqual({ why, head: before });
  }
  return (await expectWrite(harness, () => matrix.send(matrix.allowed), matrix.status)).response;
}
