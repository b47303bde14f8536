export * from './projection';
export * from './projection-runner';
export { openReadModelDatabase, readModelDatabasePath } from './read-model-database';
