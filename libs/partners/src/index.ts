export * from './partner/partner.state';
export * from './access/partner-access';
export * from './tenant-registry';
