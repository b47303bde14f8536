export * from './customer-lists.projection';
export * from './customer-lists.queries';
