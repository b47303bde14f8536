export * from './partners.projection';
export * from './partners.queries';
