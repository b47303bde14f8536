import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { ConfigError, type LedgerApiConfig, loadConfig } from './config';
import { createApp, type CreateAppOptions } from './create-app';
import { LOGGER } from './logging/logging.module';

/** After a stop signal, in-flight requests get this long to finish before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 30_000;

/**
 * Starts the API and stops it gracefully on SIGTERM/SIGINT: readiness turns 503, the server stops
 * accepting connections, in-flight requests finish, then the store and api.db are closed and the
 * process exits 0.
 */
export async function serve(config: LedgerApiConfig, extra: Omit<CreateAppOptions, 'dataDir'> = {}): Promise<NestFastifyApplication> {
  const app = await createApp({ ...config, ...extra });
  const logger = app.get<Logger>(LOGGER);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'Shutting down: finishing in-flight requests');
      // A request that never ends must not keep the process alive forever.
      setTimeout(() => {
        logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'Shutdown took too long; exiting');
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
    });
  }
  await app.listen(config.port, config.host);
  logger.info({ url: await app.getUrl(), dataDir: config.dataDir, eventStore: config.eventStore }, 'Ledger API listening');
  return app;
}

async function main(): Promise<void> {
  let config: LedgerApiConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  await serve(config);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`The ledger API could not start: ${error instanceof Error ? (error instanceof ConfigError ? error.message : error.stack) : String(error)}\n`);
    process.exit(1);
  });
}
