/** The demo ledger: a seeded plan of realistic relationship histories, run through the real execute functions. */
export * from './seeded-random';
export * from './demo-plan';
export * from './demo-generator';
