/**
 * `@ledger/api`: the platform the bounded contexts' controllers and handlers plug into.
 * It deliberately does not export the app module or createApp (import those by path), so a
 * feature module importing `@ledger/api` never creates an import cycle through the app.
 */
export * from './auth';
export * from './commands';
export * from './config/config';
export { APP_CONFIG } from './config/config.module';
export * from './correlation';
export * from './errors';
export * from './event-store/event-store.tokens';
export * from './health/readiness.registry';
export { ConnectionDrainer } from './http/connection-drainer';
export { EmptyBody } from './http/empty-body';
export * from './http/field-formats';
export { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, SkipIdempotency } from './idempotency';
export { LOGGER } from './logging/logging.module';
export * from './openapi/api-problem-responses.decorator';
export * from './openapi/problem-details.schema';
export * from './openapi/write-response.schema';
