/**
 * How the EventStoreDB end-to-end suite finds its server. The jest global setup of the `esdb`
 * project (esdb-global-setup.test-support.ts) decides once per run — a container started by
 * testcontainers, a server named by ESDB_E2E_CONNECTION_STRING, or none because no Docker engine is
 * reachable — and hands the answer to the test files in an environment variable (jest starts its
 * workers after the global setup, so they inherit it). Reading it is synchronous, so a spec can
 * choose `describe` or `describe.skip` when it loads.
 */

/** Where the global setup leaves the container for the global teardown (same process, another module registry). */
export const CONTAINER_KEY = Symbol.for('ledger.esdb-e2e.container');

/** Environment variable carrying the JSON EsdbE2eEnvironment from the global setup to the specs. */
export const ESDB_E2E_ENVIRONMENT_VARIABLE = 'LEDGER_ESDB_E2E_ENVIRONMENT';

/** Pinned image of the e2e server (single node, insecure: test only); ESDB_E2E_IMAGE overrides it (e.g. an arm64 build). */
export const ESDB_E2E_IMAGE = 'eventstore/eventstore:23.10.1-bookworm-slim';

export type EsdbE2eEnvironment =
  | { readonly available: true; readonly connectionString: string; readonly server: string }
  | { readonly available: false; readonly reason: string };

export function readEsdbE2eEnvironment(env: NodeJS.ProcessEnv = process.env): EsdbE2eEnvironment {
  const raw = env[ESDB_E2E_ENVIRONMENT_VARIABLE];
  if (raw === undefined) {
    return { available: false, reason: 'the global setup of the jest "esdb" project did not run (run it with `npm run test:esdb`)' };
  }
  return JSON.parse(raw) as EsdbE2eEnvironment;
}

/** The one line a run prints when the suite cannot run. */
export function skipLine(reason: string): string {
  return `EventStoreDB e2e skipped: ${reason}`;
}
