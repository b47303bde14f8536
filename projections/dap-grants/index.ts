export * from './dap-grants.projection';
export * from './dap-grants.queries';
