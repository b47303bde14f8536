import { type Actor, type ActorKind, forbidden } from '@ledger/kernel';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../auth/current-actor.decorator';
import { problem, ProblemException } from '../errors/problem-details';
import { ApiProblemResponses } from '../openapi/api-problem-responses.decorator';
import { EventSelection } from './event-selection';
import { EventStreamQuery } from './events-stream.query';
import { EventsStreamService, type EventsStreamStats } from './events-stream.service';
import { LAST_EVENT_ID_HEADER, resolveStreamStart } from './stream-start';

/** Who may follow the log (api.md, Reads): the program, auditors and backend services. */
export const STREAM_READERS: readonly ActorKind[] = ['service', 'auditor', 'program'];

const SSE_EXAMPLE =
  ': stream open after position 41\n\nretry: 3000\n\n' +
  'id: 42\nevent: ResellerRelationshipEstablished\n' +
  'data: {"position":"42","streamId":"customer-…","revision":3,"eventId":"…","type":"ResellerRelationshipEstablished","data":{"customerId":"…","partnerId":"…","requestId":"…"},"metadata":{…},"recordedAt":"2026-11-21T10:00:00.000Z"}\n\n' +
  ': heartbeat\n\n';

function assertMayFollowTheLog(actor: Actor): void {
  if (!STREAM_READERS.includes(actor.kind)) {
    throw forbidden(`Only ${STREAM_READERS.join(', ')} actors may follow the event stream.`);
  }
}

@ApiTags('events')
@Controller('v1/events/stream')
export class EventsStreamController {
  constructor(private readonly streams: EventsStreamService) {}

  @Get()
  @ApiOperation({
    operationId: 'SubscribeToEvents',
    summary: 'Follow the ledger: every event in log order, replayed then live (Server-Sent Events).',
    description:
      'Each event is one SSE message: `id` = its position, `event` = its type, `data` = its envelope on one line of JSON ' +
      '(contracts/envelope.schema.json; the `data` of each type: contracts/events/<type>.schema.json; all of it: GET /asyncapi.json). ' +
      'Starts after the `Last-Event-ID` header if sent, else after `from`. Nothing is skipped or repeated within a connection. ' +
      'A `: heartbeat` comment comes at least every 15 s. A client that reads nothing for 30 s while events wait is disconnected ' +
      'with a closing comment and resumes with Last-Event-ID. HEAD answers the same checks and headers with no body, and ends. ' +
      'Actors: service, auditor, program.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume just after this event (the `id` of the last message received); wins over `from`.',
    schema: { type: 'string', pattern: '^[0-9]{1,16}$' },
  })
  @ApiOkResponse({
    description: 'An endless `text/event-stream`.',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: SSE_EXAMPLE } },
  })
  @ApiProblemResponses({
    400: '`validation-failed`: `from`, `types`, `categories` or `Last-Event-ID` is malformed, or names an unknown event type or category.',
    403: '`forbidden`: only service, auditor and program actors may follow the log.',
    503: '`unavailable`: the API is shutting down, or the event store has not answered since startup (with `Retry-After`).',
  })
  async stream(
    @Query() query: EventStreamQuery,
    @Headers(LAST_EVENT_ID_HEADER) lastEventId: string | undefined,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // api.md, Errors: shape (400) before the actor (403).
    const start = await resolveStreamStart(lastEventId, query.from, () => this.streams.headPosition());
    assertMayFollowTheLog(actor);
    const unavailable = this.streams.unavailableReason;
    if (unavailable) throw new ProblemException(problem(503, 'unavailable', unavailable), { 'retry-after': '1' });
    const selection = new EventSelection(query.types, query.categories);
    const streamHeaders = {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: proxies must not compress or rewrite it; X-Accel-Buffering: nginx must not buffer it.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    };
    // HEAD (which Fastify routes here too) asks what a GET would answer, without the body. An endless
    // body is never written, and Node sends a response's headers with its first body bytes, so an
    // opened stream would leave a HEAD waiting forever: answer the stream's headers and end.
    if (reply.request.method === 'HEAD') {
      await reply.code(200).headers(streamHeaders).send();
      return;
    }
    // From here the raw socket is ours: Fastify neither buffers nor serializes this response.
    reply.hijack();
    this.streams.open(
      reply.raw,
      {
        // Headers the platform set so far (correlation id, security headers, rate limits).
        ...(reply.getHeaders() as Record<string, string | number | string[]>),
        ...streamHeaders,
        // The connection belongs to this one endless response.
        connection: 'close',
      },
      selection,
      start.after,
      actor,
    );
  }

  @Get('stats')
  @ApiOperation({
    operationId: 'GetEventStreamStats',
    summary: 'Open event streams and what each holds in memory (operators: service, auditor, program).',
    description:
      'Per connection: mode (catch-up or live), position, events delivered, events queued in memory, bytes written but not yet ' +
      'taken by the client, and for how long its socket has been congested; plus the shared live feed and the limits in force.',
  })
  @ApiOkResponse({ description: 'The stream statistics.' })
  @ApiProblemResponses(403)
  stats(@CurrentActor() actor: Actor): EventsStreamStats {
    assertMayFollowTheLog(actor);
    return this.streams.stats();
  }
}
