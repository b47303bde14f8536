export * from './upcaster';
export * from './with-upcasting';
export * from './ledger-upcasters';
