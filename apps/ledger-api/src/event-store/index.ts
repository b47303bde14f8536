export * from './event-store.module';
export * from './event-store.tokens';
