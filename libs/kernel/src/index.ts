export * from './actor';
export * from './command';
export * from './decider';
export * from './domain-error';
export * from './event';
export * from './values';
