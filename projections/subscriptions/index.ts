export * from './subscriptions.projection';
export * from './subscriptions.queries';
