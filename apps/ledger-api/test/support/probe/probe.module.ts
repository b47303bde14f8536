import {
  BeforeApplicationShutdown,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Module,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { handleCommand, type EventStore } from '@ledger/event-store';
import { type Actor, type CommandContext, conflict, DomainError, type DomainErrorKind, type DomainEvent } from '@ledger/kernel';
import type { Logger } from 'pino';
import { CurrentActor } from '../../../src/auth/current-actor.decorator';
import { CurrentCommandContext } from '../../../src/commands/current-command-context.decorator';
import { LedgerCommand } from '../../../src/commands/ledger-command';
import { WriteResponder, type WriteResponse } from '../../../src/commands/write-response';
import { CurrentCorrelationId } from '../../../src/correlation/current-correlation-id.decorator';
import { EVENT_STORE } from '../../../src/event-store/event-store.tokens';
import { LOGGER } from '../../../src/logging/logging.module';
import { ApiProblemResponses } from '../../../src/openapi/api-problem-responses.decorator';
import { AddProbeNoteDto, EmptyProbeBody, ProbeSearchQuery } from './probe.dto';

/*
 * A test-only feature module, registered only by the int tests. It is also the reference for how
 * a real controller plugs into the platform: DTO → CurrentCommandContext → CommandBus →
 * handler (handleCommand + decider) → WriteResponder, errors left to the global filter.
 */

/** A note was added (test-only event). */
type ProbeNoteAdded = DomainEvent<'ProbeNoteAdded', { readonly noteId: string; readonly text: string }>;
type ProbeNoteState = { readonly status: 'none' } | { readonly status: 'added' };

export class AddProbeNote extends LedgerCommand<'AddProbeNote', { readonly text: string }>('AddProbeNote') {}

@CommandHandler(AddProbeNote)
export class AddProbeNoteHandler implements ICommandHandler<AddProbeNote> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: AddProbeNote) {
    // The generated id derives from the command id, never from randomness inside decide.
    const noteId = command.context.commandId;
    return handleCommand<ProbeNoteState, ProbeNoteAdded>(this.store, {
      streamId: `probe-${noteId}`,
      initialState: { status: 'none' },
      evolve: () => ({ status: 'added' }),
      decide: (state) => {
        if (state.status === 'added') throw conflict('probe-note-exists', 'This note was already added.');
        return [{ type: 'ProbeNoteAdded', data: { noteId, text: command.data.text } }];
      },
      context: command.context,
    });
  }
}

/**
 * Lets a request wait until the server has stopped accepting connections during shutdown, so the
 * test proves that a request still in flight at that point is finished, not cut off.
 */
@Injectable()
export class ProbeShutdownSignal implements BeforeApplicationShutdown {
  private release!: () => void;
  readonly serverClosed = new Promise<void>((resolve) => (this.release = resolve));

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  beforeApplicationShutdown(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as { listening: boolean };
    // Wait on the condition: Node marks the server not listening as soon as close() begins.
    const poll = setInterval(() => {
      if (server.listening) return;
      clearInterval(poll);
      this.release();
    }, 2);
  }
}

@ApiTags('probe (test only)')
@ApiBearerAuth('bearer')
@Controller('v1/probe')
export class ProbeController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: WriteResponder,
    private readonly shutdown: ProbeShutdownSignal,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('notes')
  @ApiOperation({ summary: 'Adds a note (test only).' })
  @ApiCreatedResponse({ description: '`{ position, noteId }`' })
  @ApiProblemResponses(409)
  async addNote(@Body() body: AddProbeNoteDto, @CurrentCommandContext() context: CommandContext): Promise<WriteResponse<{ noteId: string }>> {
    const result = await this.commandBus.execute(new AddProbeNote({ text: body.text }, context));
    return this.responder.respond(result, { noteId: context.commandId });
  }

  @Get('notes/:noteId/events')
  async noteEvents(@Param('noteId') noteId: string) {
    const events = await this.store.readStream(`probe-${noteId}`);
    return events.map((event) => ({ type: event.type, data: event.data, metadata: event.metadata, position: String(event.position) }));
  }

  @Get('head')
  async head(): Promise<{ position: string }> {
    return { position: String(await this.store.headPosition()) };
  }

  @Get('whoami')
  whoami(@CurrentActor() actor: Actor, @CurrentCorrelationId() correlationId: string) {
    return { actor, correlationId };
  }

  @Get('search')
  search(@Query() query: ProbeSearchQuery) {
    return { limit: query.limit ?? null, limitType: typeof query.limit };
  }

  @Post('refusals/:kind')
  @HttpCode(200)
  refuse(@Param('kind') kind: DomainErrorKind) {
    throw new DomainError(`probe-${kind}`, kind, `Refused as ${kind}.`, { kind });
  }

  @Post('empty-body-commands')
  @HttpCode(200)
  emptyBody(@Body() body: EmptyProbeBody) {
    return { received: body };
  }

  @Post('crash')
  crash(): never {
    throw new Error('connection string postgres://admin:hunter2@db leaked');
  }

  @Post('store/close')
  @HttpCode(200)
  async closeStore(): Promise<{ closed: true }> {
    await this.store.close();
    return { closed: true };
  }

  /** Answers only once the server stopped accepting connections: proves in-flight requests finish before the store closes. */
  @Post('slow-notes')
  async slowNote(@Body() body: AddProbeNoteDto, @CurrentCommandContext() context: CommandContext) {
    this.logger.info({ probe: 'slow-note-waiting' }, 'probe: slow request waiting for shutdown');
    await this.shutdown.serverClosed;
    this.logger.info({ probe: 'slow-note-released' }, 'probe: server closed, finishing the request');
    const result = await this.commandBus.execute(new AddProbeNote({ text: body.text }, context));
    return this.responder.respond(result, { noteId: context.commandId });
  }
}

@Module({
  controllers: [ProbeController],
  providers: [AddProbeNoteHandler, ProbeShutdownSignal],
})
export class ProbeModule {}
