export * from './mpn-registry.events';
export * from './mpn-registry.state';
export * from './mpn-registry.evolve';
export * from './mpn-registry.rules';
