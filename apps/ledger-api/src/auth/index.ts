export * from './access-token';
export * from './auth.guard';
export * from './current-actor.decorator';
export * from './jwt-secret';
export * from './public.decorator';
export * from './token-lifetime';
export * from './token-verifier';
export * from './unauthenticated.error';
