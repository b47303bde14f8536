/** Jest global teardown of the `esdb` project: stops the container the setup started, if any. */
import type { StartedTestContainer } from 'testcontainers';
import { CONTAINER_KEY } from './esdb-e2e-environment.test-support';

export default async function globalTeardown(): Promise<void> {
  const container = (globalThis as Record<symbol, StartedTestContainer | undefined>)[CONTAINER_KEY];
  if (container) await container.stop();
}
