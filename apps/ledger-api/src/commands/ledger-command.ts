import type { CommandResult } from '@ledger/event-store';
import type { Command, CommandContext, DomainEvent } from '@ledger/kernel';
import { Command as NestCommand } from '@nestjs/cqrs';

/**
 * A base class for the command classes the CommandBus dispatches. @nestjs/cqrs finds a handler by
 * the command's class, while the domain speaks of plain `{type, data, context}` objects
 * (kernel `Command`); a class made by this function is both:
 *
 *   export class AcceptRelationshipCommand
 *     extends LedgerCommand<'AcceptRelationship', AcceptRelationshipData>('AcceptRelationship') {}
 *
 *   @CommandHandler(AcceptRelationshipCommand)
 *   export class AcceptRelationshipHandler implements ICommandHandler<AcceptRelationshipCommand> { … }
 *
 * `TResult` types `commandBus.execute(...)`; it defaults to what handleCommand returns.
 */
export function LedgerCommand<TType extends string, TData, TResult = CommandResult<DomainEvent>>(type: TType) {
  class LedgerCommandClass extends NestCommand<TResult> implements Command<TType, TData> {
    readonly type: TType = type;
    constructor(
      readonly data: TData,
      readonly context: CommandContext,
    ) {
      super();
    }
  }
  return LedgerCommandClass;
}
