export * from './command-context';
export * from './commands.module';
export * from './current-command-context.decorator';
export * from './ledger-command';
export * from './write-response';
