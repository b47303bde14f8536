export * from './event-catalogue';
export type { EventEnvelope } from './event-envelope';
export * from './events-stream.module';
export * from './events-stream.settings';
export { toEnvelope } from './sse-format';
