import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import fc from 'fast-check';
import { type AppProcess, startApp } from '../../apps/ledger-api/test/support/app-process';
import { AUDITOR_ACTOR, PROGRAM_ACTOR, ReadSeed, SERVICE_ACTOR } from '../../apps/ledger-api/test/queries/support/read-scenario';
import { signJwt, TEST_JWT_SECRET, tokenFor, unsignedToken } from '../../apps/ledger-api/test/support/tokens';
import { EventLogReader } from './support/event-log';
import {
  brokenJsonText,
  encodeSegment,
  fromSchema,
  hostileString,
  hostileValue,
  jsonText,
  mutate,
  weirdContentTypes,
} from './support/hostile';
import { type ApiOperation, type ApiParameter, fetchOpenApi, fillPath, type OpenApiDocument, operationsOf, resolveSchema } from './support/openapi';
import { PROTOTYPE_PROBE_PATH, type PrototypeSnapshot } from './support/prototype-probe';
import { closeRawHttp, rawRequest, type RawResponse, toWireHeaderValue, toWirePath } from './support/raw-http';
import { envCount, RELIABILITY_ENV, reportFigure } from './support/settings';

/*
 * Hostile input (issue 9). Property-based fuzzing with fast-check of EVERY operation the API
 * publishes in /openapi.json (so a new endpoint is fuzzed without being listed here): random and
 * adversarial bodies (mutations of a valid body — hostile values, dropped and duplicated keys,
 * `__proto__`/`constructor`/`prototype` keys at any depth — broken JSON, deep nesting, over 1 MiB),
 * path ids (ledger ids, unicode, NUL, `../`, `%2e%2e/`, `%00`, raw and encoded), query strings
 * (declared and unknown parameters, duplicates, bracket and prototype keys, bad cursors, positions
 * and dates), headers (content types, duplicate and hostile Idempotency-Key / X-Correlation-Id) and
 * tokens (valid ones of every kind for most cases, so requests reach validation and the rules; and
 * broken ones). After every case:
 *
 * - no 5xx (nor a dropped connection), except api.md's 503 `read-model-behind` for a `minPosition`
 *   the read models have not reached (e.g. beyond the log's head);
 * - every error is application/problem+json with its `status` and a `code`;
 * - every answer carries the security headers (nosniff);
 * - a refusal (4xx) left the event log's head where it was: no partial write;
 * - the server's built-in prototypes are as they were before fuzzing (a test-only probe reports
 *   them), so no request polluted Object.prototype for the requests after it.
 *
 * LEDGER_FUZZ_RUNS (default 100) is the number of cases per operation. Each run draws new cases;
 * a failure prints its fast-check `seed`, and LEDGER_FUZZ_SEED=<seed> draws the same cases again.
 */

const RUNS_PER_OPERATION = envCount('LEDGER_FUZZ_RUNS', 100);
const SEED = process.env.LEDGER_FUZZ_SEED?.trim() ? Number(process.env.LEDGER_FUZZ_SEED) : undefined;
if (SEED !== undefined && !Number.isSafeInteger(SEED)) throw new Error(`LEDGER_FUZZ_SEED must be an integer, got "${process.env.LEDGER_FUZZ_SEED}".`);
/** Node's default limit on a request's line and headers (--max-http-header-size). */
const NODE_MAX_HEADER_BYTES = 16 * 1024;
/** api.md: a body over 1 MiB gets 413. */
const BODY_LIMIT_BYTES = 1024 * 1024;

jest.setTimeout(900_000 + RUNS_PER_OPERATION * 40 * 200);

/** One request of the fuzzer, exactly as it goes on the wire. */
interface FuzzCase {
  readonly method: string;
  readonly path: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
  /** Which token (or which broken one), for the report. */
  readonly credential: string;
}

interface Credential {
  readonly label: string;
  /** Authorization header lines (none, one, or repeated). */
  readonly lines: readonly string[];
}

describe('hostile input: fuzzing every endpoint of /openapi.json', () => {
  let app: AppProcess;
  let seed: ReadSeed;
  let log: EventLogReader;
  let document: OpenApiDocument;
  let operations: ApiOperation[];
  let prototypesBefore: PrototypeSnapshot;
  const ids: Record<string, string[]> = {};
  let credentials: Credential[];
  let auditorToken: string;
  const statusCounts: Record<string, number> = {};
  let casesTried = 0;
  let writesAccepted = 0;

  beforeAll(async () => {
    app = await startApp({
      // A minPosition beyond the log's head waits this long before 503 read-model-behind (api.md).
      env: { ...RELIABILITY_ENV, LEDGER_MIN_POSITION_WAIT_MS: '50' },
      modules: [{ file: path.join(__dirname, 'support', 'prototype-probe.module.ts'), exportName: 'PrototypeProbeModule' }],
    });
    seed = new ReadSeed(app.url);
    log = EventLogReader.ofDataDir(app.dataDir);
    document = await fetchOpenApi(app.url);
    operations = operationsOf(document);

    // Real ledger ids, so that many cases pass validation and reach authorization and the rules.
    const [direct, pair, pending] = await Promise.all([seed.approvedPartner({ partnerType: 'direct-provider' }), seed.linkedPair(), seed.pendingPartner({ partnerType: 'indirect-reseller' })]);
    const helpdesk = await seed.addUser(direct, ['helpdesk-agent']);
    const { customerId } = await seed.registerCustomer();
    const { customerId: otherCustomerId } = await seed.registerCustomer();
    await seed.relate(direct, customerId, { dap: true });
    await seed.relate(pair.reseller, customerId, { dap: true, indirectProviderId: pair.provider.partnerId });
    const { subscriptionId } = await seed.recordSubscription(customerId, { partnerOfRecord: direct });
    const { requestId } = await seed.request(direct, otherCustomerId, { dap: true });
    const otherReseller = await seed.approvedPartner({ partnerType: 'indirect-reseller' });
    const { invitationId } = await seed.invite(pair.provider, otherReseller);
    const partners = [direct, pair.provider, pair.reseller, pending, otherReseller].map((partner) => partner.partnerId);
    Object.assign(ids, {
      partner: partners,
      customer: [customerId, otherCustomerId],
      subscription: [subscriptionId],
      request: [requestId],
      user: [direct.admin.userId, helpdesk.userId],
      invitation: [invitationId, pair.partnership.invitationId],
    });

    auditorToken = seed.tokenFor(AUDITOR_ACTOR);
    const valid = (label: string, token: string): Credential => ({ label, lines: [`Bearer ${token}`] });
    credentials = [
      valid('program', seed.tokenFor(PROGRAM_ACTOR)),
      valid('auditor', auditorToken),
      valid('service', seed.tokenFor(SERVICE_ACTOR)),
      valid('partner admin', direct.admin.token),
      valid('partner helpdesk', helpdesk.token),
      valid('provider admin', pair.provider.admin.token),
      valid('reseller admin', pair.reseller.admin.token),
      valid('pending partner admin', pending.admin.token),
      valid('customer admin', seed.customerToken(customerId)),
      valid('other customer admin', seed.customerToken(otherCustomerId)),
      valid('unrecorded partner user', seed.tokenFor({ kind: 'partner', tid: direct.partnerId, sub: randomUUID(), roles: ['global-admin'] })),
    ];
    prototypesBefore = await prototypes();
  });

  afterAll(async () => {
    log?.close();
    closeRawHttp();
    await app?.stop();
  });

  const badCredentials: readonly Credential[] = [
    { label: 'none', lines: [] },
    { label: 'empty bearer', lines: ['Bearer '] },
    { label: 'bearer only', lines: ['Bearer'] },
    { label: 'basic', lines: ['Basic YWRtaW46YWRtaW4='] },
    { label: 'garbage', lines: ['Bearer not.a.jwt'] },
    { label: 'expired', lines: [`Bearer ${tokenFor({ kind: 'program', tid: 'p', sub: 'r', roles: ['reviewer'] }, { expiresInSeconds: -10 })}`] },
    { label: 'wrong key', lines: [`Bearer ${tokenFor({ kind: 'auditor', tid: 'a', sub: 'a', roles: ['auditor'] }, { secret: 'another-secret-that-is-long-enough-for-hs256-xyz' })}`] },
    { label: 'alg none', lines: [`Bearer ${unsignedToken({ sub: 'x', kind: 'program', tid: 'p', roles: ['reviewer'], exp: 9_999_999_999 })}`] },
    { label: 'HS512', lines: [`Bearer ${signJwt({ sub: 'x', kind: 'program', tid: 'p', roles: ['reviewer'], exp: 9_999_999_999 }, TEST_JWT_SECRET, { alg: 'HS512', typ: 'JWT' })}`] },
    {
      label: 'claims of the wrong types',
      lines: [`Bearer ${signJwt({ sub: 1, kind: ['program'], tid: { __proto__: 1 }, roles: 'reviewer', exp: 9_999_999_999 }, TEST_JWT_SECRET)}`],
    },
    { label: 'unknown kind', lines: [`Bearer ${signJwt({ sub: 'root', kind: 'root', tid: 'x', roles: ['*'], exp: 9_999_999_999 }, TEST_JWT_SECRET)}`] },
    { label: 'prototype claims', lines: [`Bearer ${signJwt(JSON.parse('{"sub":"x","kind":"partner","tid":"t","roles":[],"exp":9999999999,"__proto__":{"kind":"program"}}') as Record<string, unknown>, TEST_JWT_SECRET)}`] },
    { label: 'two tokens', lines: ['Bearer a.b.c', 'Bearer d.e.f'] },
    { label: 'huge', lines: [`Bearer ${'A'.repeat(20_000)}`] },
  ];

  async function prototypes(): Promise<PrototypeSnapshot> {
    const result = await rawRequest(app.url, { method: 'GET', path: PROTOTYPE_PROBE_PATH, headers: [['authorization', `Bearer ${auditorToken}`]] });
    if (result.status !== 200) throw new Error(`The prototype probe answered ${result.status}: ${result.text}`);
    return result.json as PrototypeSnapshot;
  }

  /** Ledger ids for a field or path parameter, by its name. */
  function idsFor(name: string): string[] | undefined {
    if (/^(partnerId|resellerId|providerId|toPartnerId|partnerOfRecord|indirectProviderId)$/.test(name)) return ids.partner;
    if (name === 'customerId') return ids.customer;
    if (name === 'subscriptionId') return ids.subscription;
    if (name === 'requestId') return ids.request;
    if (name === 'userId') return ids.user;
    if (name === 'invitationId') return ids.invitation;
    return undefined;
  }

  const pick = (name: string): fc.Arbitrary<string> | undefined => {
    const known = idsFor(name);
    return known ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) }) : undefined;
  };

  function segment(name: string): fc.Arbitrary<string> {
    const known = idsFor(name) ?? [randomUUID()];
    return fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...known) },
      { weight: 3, arbitrary: hostileString.map(encodeSegment) },
      // Unencoded: `../`, `%00`, `?`, `#` and raw bytes go out exactly as written.
      { weight: 1, arbitrary: hostileString.filter((text) => text.length < 2000) },
    );
  }

  function queryValue(parameter: ApiParameter): fc.Arbitrary<string> {
    const schema = resolveSchema(document, parameter.schema);
    const plausible: fc.Arbitrary<string>[] = [hostileString];
    if (schema?.enum?.length) plausible.push(fc.constantFrom(...schema.enum.map(String)));
    const known = idsFor(parameter.name);
    if (known) plausible.push(fc.constantFrom(...known));
    if (/position/i.test(parameter.name)) plausible.push(fc.constantFrom('0', '1', String(log.head()), '9999999999999999', '99999999999999999999', '-1', '1.5', '1e3'));
    if (parameter.name === 'limit') plausible.push(fc.constantFrom('1', '1000', '1001', '0', '-5', '2.5', 'ten', ''));
    if (parameter.name === 'cursor') plausible.push(fc.constantFrom('WzFd', 'eyJhIjoxfQ', '!!!', 'W10', 'WyJfX3Byb3RvX18iXQ', Buffer.from('[1e400]').toString('base64url')));
    if (/^(asOf|from|to)$/.test(parameter.name)) plausible.push(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.constantFrom('start', 'end', 'now', '2025-13-01T00:00:00Z'));
    return fc.oneof(...plausible);
  }

  const queryKeys = fc.constantFrom('__proto__', '__proto__[polluted]', 'constructor[prototype][polluted]', 'constructor.prototype.polluted', 'prototype', 'limit[]', 'a[b][c]', 'toString', '');

  function query(operation: ApiOperation): fc.Arbitrary<string> {
    const declared = operation.queryParams.map((parameter) => fc.option(queryValue(parameter).map((value): [string, string] => [parameter.name, value]), { freq: 2 }));
    const extra = fc.array(
      fc.oneof(
        fc.tuple(queryKeys, hostileString),
        // A declared parameter twice, or as an array.
        operation.queryParams.length > 0 ? fc.tuple(fc.constantFrom(...operation.queryParams.map((parameter) => parameter.name)), hostileString) : fc.tuple(queryKeys, hostileString),
      ),
      { maxLength: 2 },
    );
    return fc.tuple(fc.tuple(...declared), fc.oneof({ weight: 3, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: extra }), fc.boolean(), fc.integer({ min: 0, max: 9 })).map(([chosen, extras, rawMode, shape]) => {
      const pairs = [...chosen.filter((pair): pair is [string, string] => pair !== null), ...extras.filter(() => shape < 8)];
      if (pairs.length === 0) return shape === 9 ? '?' : '';
      const encode = rawMode && shape < 2 ? (text: string) => text : encodeSegment;
      return `?${pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&')}`;
    });
  }

  const hugeBody = `{"reason":"${'x'.repeat(1024 * 1024 + 16)}"}`;

  function body(operation: ApiOperation): fc.Arbitrary<string | undefined> {
    if (!operation.bodySchema) {
      return fc.option(fc.oneof(brokenJsonText, hostileValue.map(jsonText), fc.constant('{}')), { freq: 6 }).map((text) => text ?? undefined);
    }
    const valid = fromSchema(operation.bodySchema, 'body', (schema) => resolveSchema(document, schema), pick);
    return fc.oneof(
      { weight: 2, arbitrary: valid.map(jsonText) },
      { weight: 7, arbitrary: valid.chain((tree) => mutate(tree)).chain((tree) => fc.oneof(fc.constant(tree), mutate(tree))).map(jsonText) },
      { weight: 2, arbitrary: hostileValue.map(jsonText) },
      { weight: 2, arbitrary: brokenJsonText },
      { weight: 1, arbitrary: fc.constantFrom(hugeBody, `{"reason":"${'x'.repeat(300_000)}"}`) },
    );
  }

  // Mostly acceptable values (so requests go on to validation and the rules); some hostile, rarely
  // one beyond the server's 16 KiB header limit (431).
  const headerValue = fc.oneof(
    { weight: 6, arbitrary: fc.uuid({ version: 4 }) },
    { weight: 2, arbitrary: hostileString.filter((text) => text.length <= 2001).map(toWireHeaderValue) },
    { weight: 1, arbitrary: fc.constantFrom('a', 'x'.repeat(300), '') },
  );

  function caseFor(operation: ApiOperation): fc.Arbitrary<FuzzCase> {
    const path = fc.tuple(...operation.pathParams.map(segment)).map((values) => fillPath(operation.path, Object.fromEntries(operation.pathParams.map((name, index) => [name, values[index]!]))));
    const credential = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...credentials) }, { weight: 2, arbitrary: fc.constantFrom(...badCredentials) });
    const optionalHeader = (name: string) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant<[string, string][]>([]) },
        { weight: 3, arbitrary: headerValue.map((value): [string, string][] => [[name, value]]) },
        { weight: 1, arbitrary: fc.tuple(headerValue, headerValue).map(([a, b]): [string, string][] => [[name, a], [name, b]]) },
      );
    const contentType = fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: fc.constantFrom(...weirdContentTypes) });
    const oddHeaders = fc.subarray<[string, string]>([
      ['accept', 'application/xml'],
      ['content-encoding', 'gzip'],
      ['x-forwarded-for', "127.0.0.1, ' OR 1=1 --"],
      ['x-http-method-override', 'DELETE'],
      ['last-event-id', '../../../etc/passwd'],
    ], { maxLength: 2 });
    return fc
      .record({
        method: fc.oneof({ weight: 30, arbitrary: fc.constant(operation.method) }, { weight: 1, arbitrary: fc.constantFrom('PATCH', 'OPTIONS', 'HEAD', 'PUT') }),
        path,
        query: query(operation),
        credential,
        body: body(operation),
        contentType,
        idempotency: optionalHeader('idempotency-key'),
        correlation: optionalHeader('x-correlation-id'),
        oddHeaders,
      })
      .map((generated): FuzzCase => {
        const headers: [string, string][] = [
          ...generated.credential.lines.map((line): [string, string] => ['authorization', line]),
          ...generated.idempotency,
          ...generated.correlation,
          ...generated.oddHeaders,
        ];
        if (generated.body !== undefined && generated.contentType !== '') headers.push(['content-type', generated.contentType]);
        return {
          method: generated.method,
          path: `${generated.path}${generated.query}`,
          headers,
          ...(generated.body !== undefined ? { body: generated.body } : {}),
          credential: generated.credential.label,
        };
      });
  }

  function describeCase(fuzzCase: FuzzCase, result?: RawResponse): string {
    const body = fuzzCase.body === undefined ? '' : fuzzCase.body.length > 600 ? `${fuzzCase.body.slice(0, 600)}… (${fuzzCase.body.length} chars)` : fuzzCase.body;
    const answer = result ? `→ ${result.status} ${result.contentType} ${result.text.slice(0, 400)}` : '';
    return `${fuzzCase.method} ${fuzzCase.path.slice(0, 400)} [${fuzzCase.credential}] headers=${JSON.stringify(fuzzCase.headers.filter(([name]) => name !== 'authorization'))} body=${JSON.stringify(body)} ${answer}`;
  }

  /**
   * The problem's code of an answer. A HEAD answer has no body, so its code is the one the same
   * request answers as a GET (the operations HEAD reaches are reads: asking again changes nothing).
   */
  async function problemCodeOf(fuzzCase: FuzzCase, result: RawResponse): Promise<string | undefined> {
    if (fuzzCase.method !== 'HEAD') return (result.json as { code?: string } | undefined)?.code;
    const asGet = await rawRequest(app.url, { method: 'GET', path: fuzzCase.path, headers: fuzzCase.headers });
    return asGet.status === result.status ? (asGet.json as { code?: string } | undefined)?.code : undefined;
  }

  /** Sends one case and checks every promise of the suite about it. */
  async function check(fuzzCase: FuzzCase): Promise<void> {
    const headBefore = log.head();
    let result: RawResponse;
    try {
      result = await rawRequest(app.url, { method: fuzzCase.method, path: fuzzCase.path, headers: fuzzCase.headers, ...(fuzzCase.body !== undefined ? { body: fuzzCase.body } : {}) });
    } catch (error) {
      // A request head over Node's 16 KiB limit (431) or a body over the API's 1 MiB (413) is refused
      // before it is read, and the socket closed: a client still sending may see the reset before
      // the answer. Nothing was read, so nothing can have been done.
      const headBytes = Buffer.byteLength(toWirePath(fuzzCase.path)) + fuzzCase.headers.reduce((sum, [name, value]) => sum + name.length + Buffer.byteLength(value, 'latin1') + 4, 0);
      const oversized = headBytes > NODE_MAX_HEADER_BYTES - 512 || Buffer.byteLength(fuzzCase.body ?? '') > BODY_LIMIT_BYTES;
      // (Node's own errors come from outside jest's realm: no `instanceof Error` here.)
      const message = String((error as { message?: unknown } | undefined)?.message ?? error);
      if (!(/ECONNRESET|EPIPE/.test(message) && oversized)) throw new Error(`No answer (${message}): ${describeCase(fuzzCase)}`);
      casesTried += 1;
      statusCounts['refused unread (reset while sending)'] = (statusCounts['refused unread (reset while sending)'] ?? 0) + 1;
      if (log.head() !== headBefore) throw new Error(`An unread request appended events: ${describeCase(fuzzCase)}`);
      return;
    }
    casesTried += 1;

    // The one 5xx api.md promises for a well-formed read: a minPosition the read models have not reached.
    const readModelBehind = result.status === 503 && /minPosition=/i.test(fuzzCase.path) && (await problemCodeOf(fuzzCase, result)) === 'read-model-behind';
    const statusLabel = readModelBehind ? '503 read-model-behind' : String(result.status);
    statusCounts[statusLabel] = (statusCounts[statusLabel] ?? 0) + 1;
    if ((result.status >= 500 && !readModelBehind) || result.status < 100) {
      const correlationId = (result.json as { correlationId?: string } | undefined)?.correlationId;
      const logged = await app.waitForLog((line) => line.correlationId === correlationId && Number(line.level) >= 50, 2000).catch(() => undefined);
      throw new Error(`Server error: ${describeCase(fuzzCase, result)}\nserver log: ${(JSON.stringify(logged) ?? 'no error logged').slice(0, 3000)}`);
    }
    if (result.headers['x-content-type-options'] !== 'nosniff') throw new Error(`No security headers: ${describeCase(fuzzCase, result)}`);
    if (result.status >= 400 && fuzzCase.method !== 'HEAD') {
      const problem = result.json as { status?: unknown; code?: unknown } | undefined;
      const isProblem = result.contentType.includes('application/problem+json') && problem !== undefined && problem.status === result.status && typeof problem.code === 'string' && problem.code !== '';
      if (!isProblem) throw new Error(`Not a problem+json with a code: ${describeCase(fuzzCase, result)}`);
    }
    const headAfter = log.head();
    if (result.status >= 400 && headAfter !== headBefore) {
      throw new Error(`A refusal appended ${headAfter - headBefore} event(s): ${JSON.stringify(log.after(headBefore).map((event) => event.type))} ${describeCase(fuzzCase, result)}`);
    }
    if (result.status < 300 && headAfter !== headBefore) writesAccepted += 1;
    const prototypesNow = await prototypes();
    if (JSON.stringify(prototypesNow) !== JSON.stringify(prototypesBefore)) {
      throw new Error(`Prototypes changed: ${JSON.stringify(prototypesNow)} after ${describeCase(fuzzCase, result)}`);
    }
  }

  it('enumerates a non-trivial API from /openapi.json (reads and writes)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
    expect(operations.filter((operation) => operation.method !== 'GET').length).toBeGreaterThanOrEqual(20);
    expect(operations.filter((operation) => operation.isLedgerRead).length).toBeGreaterThanOrEqual(10);
    expect(operations.some((operation) => operation.path === PROTOTYPE_PROBE_PATH)).toBe(false);
  });

  it('answers every hostile request without a 5xx, with problem+json, without partial writes or polluted prototypes', async () => {
    const started = Date.now();
    const perOperation: Record<string, number> = {};
    for (const operation of operations) {
      const before = casesTried;
      await fc.assert(
        fc.asyncProperty(caseFor(operation), (fuzzCase) => check(fuzzCase)),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true, ...(SEED !== undefined ? { seed: SEED } : {}) },
      );
      perOperation[`${operation.method} ${operation.path}`] = casesTried - before;
    }
    expect(Object.values(perOperation).every((count) => count === RUNS_PER_OPERATION)).toBe(true);

    // After all of it the ledger still works normally: a write, and reading it back.
    const customerId = randomUUID();
    const written = await seed.registerCustomer(undefined, { customerId, companyName: 'After The Storm Ltd' });
    const read = await seed.read(`/v1/customers/${customerId}`, auditorToken, written.position);
    expect({ status: read.status, companyName: read.body.companyName }).toEqual({ status: 200, companyName: 'After The Storm Ltd' });
    expect(await prototypes()).toEqual(prototypesBefore);

    reportFigure('fuzz', {
      operations: operations.length,
      casesPerOperation: RUNS_PER_OPERATION,
      casesTried,
      writesAccepted,
      statuses: Object.fromEntries(Object.entries(statusCounts).sort()),
      seconds: Math.round((Date.now() - started) / 1000),
    });
  });
});
