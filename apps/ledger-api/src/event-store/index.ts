export * from './event-store.module';
export * from './event-store.tokens';
export * from './event-store-connection-watch';
