import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { EventStore } from '@ledger/event-store';
import type { Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { CommandsModule } from './commands/commands.module';
import { ConfigModule, type LedgerApiConfig } from './config';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { EventStoreModule } from './event-store/event-store.module';
import { FEATURE_MODULES, type ModuleImport } from './feature-modules';
import { HealthModule } from './health/health.module';
import { HttpModule } from './http/http.module';
import { LedgerValidationPipe } from './http/validation';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LoggingModule } from './logging/logging.module';
import { ActorThrottlerGuard } from './throttling/actor-throttler.guard';
import { ThrottlingModule } from './throttling/throttling.module';

export interface AppModuleOptions {
  readonly config: LedgerApiConfig;
  readonly logger: Logger;
  /** Modules beyond FEATURE_MODULES (test-only controllers). */
  readonly modules?: readonly ModuleImport[];
  /** An already open store to use instead of the configured one. */
  readonly eventStore?: EventStore;
}

/**
 * The API's composition root. Request pipeline, in order (api.md, Errors: token → shape → …):
 * AuthGuard (401) → ActorThrottlerGuard (429) → IdempotencyInterceptor (replay / 422) →
 * ValidationPipe (400) → controller → CommandBus → handler; every failure → ProblemDetailsFilter.
 */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggingModule.forRoot(options.logger),
        HttpModule,
        EventStoreModule.forRoot(options.eventStore),
        AuthModule,
        ThrottlingModule,
        IdempotencyModule,
        CommandsModule,
        HealthModule,
        ...FEATURE_MODULES,
        ...(options.modules ?? []),
      ],
      providers: [
        // Global guards run in this order: authenticate first, so throttling is keyed on the actor.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ActorThrottlerGuard },
        { provide: APP_PIPE, useClass: LedgerValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
