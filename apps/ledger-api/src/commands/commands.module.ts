import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { WriteResponder } from './write-response';

/**
 * The command side's plumbing for controllers: the @nestjs/cqrs CommandBus (handlers register
 * themselves with @CommandHandler in their feature module) and the WriteResponder.
 */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [WriteResponder],
  exports: [CqrsModule, WriteResponder],
})
export class CommandsModule {}
