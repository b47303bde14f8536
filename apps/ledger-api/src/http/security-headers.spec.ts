import { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import type { HelmetOptions } from 'helmet';
import { type HeaderOperation, recordSecurityHeaders } from './security-headers';

const helmet = createRequire(require.resolve('@fastify/helmet'))('helmet') as (
  options?: Readonly<HelmetOptions>,
) => (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** The ledger's options (create-app.ts). */
const LEDGER_OPTIONS: HelmetOptions = { contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } };

function freshResponse(): ServerResponse {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  // A header helmet removes, so that removing it is visible.
  response.setHeader('X-Powered-By', 'something');
  return response;
}

function replay(operations: readonly HeaderOperation[], response: ServerResponse): void {
  for (const operation of operations) {
    if (operation[0] === 'set') response.setHeader(operation[1], operation[2]);
    else response.removeHeader(operation[1]);
  }
}

/** Header names as given to setHeader (the case they go on the wire with), in order (Node ≥ 15; not in @types/node). */
const rawNamesOf = (response: ServerResponse): string[] => (response as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames();

/** Header names as they go on the wire, in order, with their values. */
const headersOf = (response: ServerResponse): Array<[string, unknown]> => response.getHeaderNames().map((name, i) => [rawNamesOf(response)[i]!, response.getHeader(name)]);

describe('security headers recorded once', () => {
  it.each([
    ['the ledger options', LEDGER_OPTIONS],
    ['helmet defaults', {}],
    ['other constant options', { frameguard: { action: 'deny' }, hsts: false, referrerPolicy: { policy: ['origin', 'unsafe-url'] } } as HelmetOptions],
  ])('does to a response exactly what helmet does, in the same order (%s)', (_name, options) => {
    const operations = recordSecurityHeaders(options);
    expect(operations).toBeDefined();
    const byHelmet = freshResponse();
    let nextCalls = 0;
    helmet(options)(byHelmet.req, byHelmet, (error) => {
      expect(error).toBeUndefined();
      nextCalls += 1;
    });
    expect(nextCalls).toBe(1);
    const replayed = freshResponse();
    replay(operations, replayed);
    expect(headersOf(replayed)).toEqual(headersOf(byHelmet));
    expect(replayed.hasHeader('x-powered-by')).toBe(false);
  });

  it('sets the headers the ledger answers with', () => {
    const response = freshResponse();
    replay(recordSecurityHeaders(LEDGER_OPTIONS), response);
    expect(response.getHeader('content-security-policy')).toBe(
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline'",
    );
    expect(response.getHeader('x-content-type-options')).toBe('nosniff');
    expect(rawNamesOf(response)[0]).toBe('Content-Security-Policy');
  });

  it('fails at startup when an option is a function (e.g. a CSP nonce per request): the headers would differ per request', () => {
    const nonce = (): string => "'nonce-abc'";
    expect(() => recordSecurityHeaders({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", nonce] } } })).toThrow(/must not hold functions/);
  });

  it('fails at startup, as helmet does, on options helmet refuses', () => {
    expect(() => recordSecurityHeaders({ contentSecurityPolicy: { directives: { 'default-src': ["'self'", 'bad;value'] } } })).toThrow();
  });
});
