import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { CustomersModule } from '../../../libs/customers/src/customers.module';
import { SubscriptionsModule } from '../../../libs/subscriptions/src/subscriptions.module';
import { PartnersModule } from '../../../libs/partners/src/partners.module';
import { PartnershipsModule } from '../../../libs/partnerships/src/partnerships.module';
import { EventsStreamModule } from './events-stream/events-stream.module';
import { QueriesModule } from './queries/queries.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { VerificationModule } from './verification/verification.module';

/** Anything a Nest module's `imports` accepts. */
export type ModuleImport = Type<unknown> | DynamicModule | Promise<DynamicModule> | ForwardReference;

/**
 * The bounded contexts' Nest modules (controllers, command handlers), added here as they land:
 *
 *   import { PartnersModule } from '@ledger/partners/nest';  // wherever the context exports it
 *   export const FEATURE_MODULES: readonly ModuleImport[] = [PartnersModule, ...];
 *
 * Kept apart from app.module.ts so feature code can import the platform (`@ledger/api`) without
 * an import cycle through the app module.
 */
export const FEATURE_MODULES: readonly ModuleImport[] = [PartnersModule, PartnershipsModule, CustomersModule, SubscriptionsModule, EventsStreamModule, ReadModelsModule, QueriesModule, VerificationModule];
