export * from './partnerships.projection';
export * from './partnerships.queries';
