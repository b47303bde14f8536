export * from './projection';
export * from './projection-runner';
export { openReadModelDatabase, readModelDatabasePath } from './read-model-database';
export { type LogPage, type RebuildLogSource, StoredEvent, sqliteLogSource, storeLogSource } from './log-source';
