import { Module } from '@nestjs/common';
import { AsyncApiController } from './asyncapi.controller';
import { EventsStreamController } from './events-stream.controller';
import { EventsStreamService } from './events-stream.service';
import { EVENTS_STREAM_SETTINGS, loadEventsStreamSettings } from './events-stream.settings';

/**
 * The event stream for backend services (api.md, Subscribing): GET /v1/events/stream (SSE),
 * GET /v1/events/stream/stats, and the published contract at GET /asyncapi.json.
 * Settings come from LEDGER_SSE_* (events-stream.settings.ts).
 */
@Module({
  controllers: [EventsStreamController, AsyncApiController],
  providers: [EventsStreamService, { provide: EVENTS_STREAM_SETTINGS, useFactory: () => loadEventsStreamSettings(process.env) }],
})
export class EventsStreamModule {}
