/**
 * Jest global setup of the `esdb` project: one EventStoreDB per jest run, shared by every
 * *.e2e-spec.ts file (each test names its own streams, so they do not interfere).
 *
 * - ESDB_E2E_CONNECTION_STRING set: that server is used (e.g. a CI service container).
 * - Otherwise a container from ESDB_E2E_IMAGE (default: the pinned image) is started with
 *   testcontainers: single node, insecure, in memory, projections off.
 * - No Docker engine reachable: nothing is started, and the suite is skipped with one line
 *   saying why. A Docker engine that is reachable but cannot start the server fails the run.
 */
import { GenericContainer, Wait, getContainerRuntimeClient } from 'testcontainers';
import type { StartedTestContainer } from 'testcontainers';
import { randomUUID } from 'node:crypto';
import { createEsdbEventStore } from '../esdb-event-store';
import { CONTAINER_KEY, ESDB_E2E_ENVIRONMENT_VARIABLE, ESDB_E2E_IMAGE, skipLine } from './esdb-e2e-environment.test-support';
import type { EsdbE2eEnvironment } from './esdb-e2e-environment.test-support';

const HTTP_PORT = 2113;
/** Finding the Docker engine normally takes well under a second; a hung socket must not stall the run. */
const DOCKER_PROBE_TIMEOUT_MS = 20_000;
const SERVER_READY_TIMEOUT_MS = 60_000;

export default async function globalSetup(): Promise<void> {
  const environment = await prepare();
  process.env[ESDB_E2E_ENVIRONMENT_VARIABLE] = JSON.stringify(environment);
  process.stdout.write(environment.available ? `\nEventStoreDB e2e: ${environment.server}\n` : `\n${skipLine(environment.reason)}\n`);
}

async function prepare(): Promise<EsdbE2eEnvironment> {
  const external = process.env.ESDB_E2E_CONNECTION_STRING?.trim();
  if (external) {
    await waitUntilWritable(external);
    return { available: true, connectionString: external, server: `ESDB_E2E_CONNECTION_STRING (${external})` };
  }
  const docker = await probeDocker();
  if (!docker.reachable) return { available: false, reason: `no Docker engine reachable (${docker.reason})` };

  const image = process.env.ESDB_E2E_IMAGE?.trim() || ESDB_E2E_IMAGE;
  const container = await new GenericContainer(image)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_START_STANDARD_PROJECTIONS: 'false',
    })
    .withExposedPorts(HTTP_PORT)
    .withWaitStrategy(Wait.forHttp('/health/live', HTTP_PORT).forStatusCodeMatching((status) => status >= 200 && status < 300))
    .withStartupTimeout(180_000)
    .start();
  (globalThis as Record<symbol, StartedTestContainer>)[CONTAINER_KEY] = container;
  const connectionString = `esdb://${container.getHost()}:${container.getMappedPort(HTTP_PORT)}?tls=false`;
  await waitUntilWritable(connectionString);
  return { available: true, connectionString, server: `${image} in a testcontainers container (${connectionString})` };
}

async function probeDocker(): Promise<{ reachable: true } | { reachable: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${DOCKER_PROBE_TIMEOUT_MS} ms`)), DOCKER_PROBE_TIMEOUT_MS))),
    ]);
    return { reachable: true };
  } catch (error) {
    return { reachable: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** A node answers /health/live before it has elected itself leader: wait until an append goes through. */
async function waitUntilWritable(connectionString: string): Promise<void> {
  const store = createEsdbEventStore({ connectionString });
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        await store.append(`e2eWarmUp-${randomUUID()}`, [{ id: randomUUID(), type: 'E2eWarmedUp', data: {}, metadata: {} }], { expectedRevision: 'no-stream' });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`EventStoreDB at ${connectionString} did not accept a write within ${SERVER_READY_TIMEOUT_MS} ms`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await store.close();
  }
}
