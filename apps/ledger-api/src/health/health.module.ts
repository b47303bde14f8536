import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStoreReadiness } from './event-store.readiness';
import { HealthController } from './health.controller';
import { ReadinessRegistry } from './readiness.registry';

/** Health endpoints and the ReadinessRegistry that other modules add their checks to. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [ReadinessRegistry, EventStoreReadiness],
  exports: [ReadinessRegistry],
})
export class HealthModule {}
