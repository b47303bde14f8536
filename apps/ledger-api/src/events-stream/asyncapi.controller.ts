import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import asyncApiDocument from '../../../../contracts/asyncapi.json';
import { Public } from '../auth/public.decorator';

export const ASYNCAPI_JSON_PATH = '/asyncapi.json';

/** A Host header that is a plain host[:port] (anything else is not echoed into the document). */
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$/;

/**
 * Serves the committed AsyncAPI 3 document of the event stream (contracts/asyncapi.json, generated
 * from the event types by `npm run contracts`), like /openapi.json: public, no token. Its server
 * entry names the host the document was fetched from, so tools can connect where it came from.
 */
@ApiTags('events')
@Public()
@SkipThrottle()
@Controller()
export class AsyncApiController {
  @Get(ASYNCAPI_JSON_PATH.slice(1))
  @Header('cache-control', 'no-cache')
  @ApiOperation({
    operationId: 'GetAsyncApiDocument',
    summary: 'The AsyncAPI 3.0 document of GET /v1/events/stream: its channel, query, headers, security and one message schema per event type.',
  })
  @ApiOkResponse({ description: 'The AsyncAPI document (JSON).' })
  document(@Req() request: FastifyRequest): unknown {
    const host = request.headers.host;
    if (host === undefined || !PLAIN_HOST.test(host)) return asyncApiDocument;
    return {
      ...asyncApiDocument,
      servers: { ...asyncApiDocument.servers, ledger: { ...asyncApiDocument.servers.ledger, host } },
    };
  }
}
