export * from './projection';
export * from './projection-runner';
export { openReadModelDatabase, readModelDatabasePath } from './read-model-database';
export { type LogPage, type RebuildLogSource, type EventsAtReader, StoredEvent, sqliteEventReader, sqliteLogSource, storeLogSource } from './log-source';
export { readServingVersions } from './catalog';
