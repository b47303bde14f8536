export * from './verification.module';
export * from './verification.service';
export * from './verification.settings';
