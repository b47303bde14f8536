export * from './port';
export {
  EVENT_TYPE_PATTERN,
  MAX_EVENT_BYTES,
  MAX_JSON_DEPTH,
  STREAM_NAME_PATTERN,
} from './append-validation';
export { COMMAND_EVENT_ID_NAMESPACE, commandEventId, handleCommand, readRecordedResult, recordedResultOf, stepContext } from './handle-command';
export type { CommandResult, CommandSpec } from './handle-command';
export { uuidV5 } from './ids/uuid-v5';
export { SqliteEventStore, createSqliteEventStore } from './sqlite/sqlite-event-store';
export type { SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export type { EventRow } from './sqlite/event-table';
export * from './integrity';
export * from './upcasting';
export * from './stream-read-cache/stream-read-cache';
export { storeWithOverrides } from './store-with-overrides';
