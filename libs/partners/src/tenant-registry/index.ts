export * from './tenant-registry.events';
export * from './tenant-registry.state';
export * from './tenant-registry.evolve';
export * from './tenant-registry.rules';
