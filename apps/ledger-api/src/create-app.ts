import * as fs from 'node:fs';
import type { EventStore } from '@ledger/event-store';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { type LedgerApiConfig, resolveConfig } from './config';
import type { ModuleImport } from './feature-modules';
import { ConnectionDrainer } from './http/connection-drainer';
import { fastifyOptions } from './http/fastify-options';
import { acceptJsonBodiesOnly, registerRequestHooks } from './http/request-hooks';
import { registerSecurityHeaders } from './http/security-headers';
import { createLogger } from './logging/logger';
import { PinoNestLogger } from './logging/pino-nest-logger';
import { setupOpenApi } from './openapi/openapi';

export interface CreateAppOptions extends Partial<LedgerApiConfig> {
  /** Where the embedded store, api.db and the generated JWT secret live; created if missing. */
  readonly dataDir: string;
  /** Extra modules (test-only controllers); the bounded contexts come from FEATURE_MODULES. */
  readonly modules?: readonly ModuleImport[];
  /** An open store to use instead of the configured one (the app still closes it at shutdown). */
  readonly store?: EventStore;
  /** Where logs go instead of stdout. */
  readonly logDestination?: DestinationStream;
}

/**
 * Builds the ledger API — NestJS on Fastify — from explicit settings, initialized but not yet
 * listening: `main.ts` passes the environment's configuration, tests a temp dir and port 0.
 */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { modules, store, logDestination, ...settings } = options;
  const config = resolveConfig(settings);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const logger = createLogger(config.logLevel, logDestination);

  const adapter = new FastifyAdapter(fastifyOptions(config, logger));
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, logger, ...(modules ? { modules } : {}), ...(store ? { eventStore: store } : {}) }),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      // Fail with the error (e.g. a ConfigError) instead of exiting the process from inside Nest.
      abortOnError: false,
      // JSON only (api.md): Fastify's own JSON parser, no form bodies (see acceptJsonBodiesOnly).
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodiesOnly(fastify);
  registerRequestHooks(fastify);
  app.get(ConnectionDrainer).register(fastify);
  registerSecurityHeaders(fastify, {
    // Swagger UI (GET /docs) loads its own scripts and styles from this origin.
    // No upgrade-insecure-requests: the embedded mode serves plain HTTP (TLS is a proxy's job).
    contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
  });
  setupOpenApi(app);
  await app.init();
  return app;
}
