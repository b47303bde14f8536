import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { HelmetOptions } from 'helmet';

type HelmetMiddleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * helmet itself, as @fastify/helmet depends on it: the very version the plugin would run, resolved
 * from the plugin's own location rather than declared a second time.
 */
const helmet = createRequire(require.resolve('@fastify/helmet'))('helmet') as (options?: Readonly<HelmetOptions>) => HelmetMiddleware;

/** What helmet does to a response: set a header, or remove one (`X-Powered-By`). */
export type HeaderOperation = readonly ['set', string, string | number | readonly string[]] | readonly ['remove', string];

/**
 * What helmet's middleware does to every response, recorded once. With options that hold no
 * function, every helmet middleware sets constant headers and reads nothing from the request: the
 * middleware is run once against a recorder. Options holding a function (a CSP directive may be
 * one, e.g. a nonce per request) would make the headers differ per request: they are refused at
 * startup, like a run of helmet that does not finish.
 */
export function recordSecurityHeaders(options: Readonly<HelmetOptions>): readonly HeaderOperation[] {
  if (holdsFunction(options)) throw new Error('Security header options must not hold functions: the headers are recorded once at startup.');
  const operations: HeaderOperation[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void operations.push(['set', name, value]),
    removeHeader: (name: string) => void operations.push(['remove', name]),
  };
  let failure: unknown = 'helmet did not finish synchronously';
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => (failure = error));
  if (failure !== undefined) throw new Error('Could not record the security headers.', { cause: failure });
  return operations;
}

function holdsFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsFunction);
}

/**
 * The security headers of every response (helmet's, with the ledger's options), as @fastify/helmet
 * would set them — but worked out once. The plugin calls `helmet(options)` on every request, which
 * re-creates every header middleware and re-parses the Content-Security-Policy directives, in two
 * async hooks: about 3 % of the API's CPU per request under load. The headers are the same for
 * every route (no route has helmet options of its own and no CSP nonce is used), so what helmet's
 * middleware does is recorded at startup and replayed in one synchronous onRequest hook: the same
 * `setHeader` calls in the same order (so the same header names, values and order on the wire),
 * without running helmet's chain of twelve middlewares per request.
 */
export function registerSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const operations = recordSecurityHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const operation of operations) {
      if (operation[0] === 'set') raw.setHeader(operation[1], operation[2]);
      else raw.removeHeader(operation[1]);
    }
    done();
  });
}
