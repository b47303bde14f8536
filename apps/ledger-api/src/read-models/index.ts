export * from './invalid-query.interceptor';
export * from './projection-readiness';
export * from './read-models.module';
export * from './read-models.service';
export * from './read-models.settings';
