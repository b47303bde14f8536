import { DynamicModule, Global, Module } from '@nestjs/common';
import type { LedgerApiConfig } from './config';

/** Injection token of the resolved LedgerApiConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Makes the startup configuration injectable everywhere (`@Inject(APP_CONFIG)`). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: LedgerApiConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
