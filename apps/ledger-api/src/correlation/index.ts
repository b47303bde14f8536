export * from './correlation-id';
export * from './current-correlation-id.decorator';
