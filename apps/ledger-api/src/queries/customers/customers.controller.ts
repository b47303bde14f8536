import { customerNotFound } from '@ledger/customers';
import { type Actor, forbidden, streams } from '@ledger/kernel';
import {
  customerListsProjection,
  type CustomerView,
  decodeCursor,
  encodeCursor,
  getCustomer,
  InvalidCursorError,
  type Page,
  pageLimit,
  partnerCustomerLink,
} from '@ledger/projections';
import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { RequestValidationError } from '../../errors/problem-details';
import { ApiProblemResponses } from '../../openapi/api-problem-responses.decorator';
import { InvalidQueryInterceptor } from '../../read-models/invalid-query.interceptor';
import { ReadModels } from '../../read-models/read-models.service';
import { READ_MODEL_BEHIND } from '../shared/openapi';
import { CustomerIdParams } from '../shared/path-params';
import { isOverseer, ReadAccess } from '../shared/read-access';
import { customerViewOf, partnerIsLinked, type PointInTime, replayCustomer } from './customer-as-of';
import { type HistoryItem, toHistoryItem } from './customer-history';
import { CustomerHistoryQuery, GetCustomerQuery } from './customers.query';
import { CustomerResponse, HistoryPageResponse } from './customers.responses';

/** A customer (domain §4.3): its current or past state, and its history. */
@ApiTags('customers')
@ApiBearerAuth('bearer')
@UseInterceptors(InvalidQueryInterceptor)
@Controller('v1/customers')
export class CustomersQueryController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly access: ReadAccess,
  ) {}

  @Get(':customerId')
  @ApiOperation({
    operationId: 'GetCustomer',
    summary: 'A customer with its active relationships, active DAP grants (retained included) and open requests — now, or as of a time or position',
    description:
      'Now: from the read models (takes `minPosition`). With `asOf` (inclusive) or `atPosition`: replayed from the event log, always current. ' +
      "Actors: the customer, program, auditor; a partner that has or had a relationship with the customer (or is named in one of its open requests) sees only its own entries.",
  })
  @ApiOkResponse({ type: CustomerResponse })
  @ApiProblemResponses(400, {
    403: '`forbidden`: another tenant, or a partner that never had a relationship with the customer.',
    404: '`customer-not-found` (also when it was not yet registered as of `asOf`/`atPosition`).',
    ...READ_MODEL_BEHIND,
  })
  async get(@Param() params: CustomerIdParams, @Query() query: GetCustomerQuery, @CurrentActor() actor: Actor): Promise<CustomerView> {
    const { customerId } = params;
    if (query.asOf !== undefined && query.atPosition !== undefined) {
      throw new RequestValidationError([{ field: 'atPosition', messages: ['give asOf or atPosition, not both'] }]);
    }
    assertMayAskAboutCustomer(actor, customerId);
    if (query.asOf !== undefined) return this.fromLog(actor, customerId, { asOf: query.asOf });
    if (query.atPosition !== undefined) return this.fromLog(actor, customerId, { atPosition: Number(query.atPosition) });

    await this.readModels.includePosition(query.minPosition, [customerListsProjection.name]);
    const whole = getCustomer(this.readModels.db, customerId);
    if (!whole) throw customerNotFound(customerId);
    if (actor.kind !== 'partner') return whole;
    await this.access.assertRecordedPartnerUser(actor);
    const own = getCustomer(this.readModels.db, customerId, { partnerId: actor.tenantId })!;
    const link = partnerCustomerLink(this.readModels.db, actor.tenantId, customerId);
    if (link.relationship === null && own.openRequests.length === 0) throw neverRelated(actor, customerId);
    return own;
  }

  @Get(':customerId/history')
  @ApiOperation({
    operationId: 'GetCustomerHistory',
    summary: "The customer stream's events in log order: who did what, when",
    description: 'From the event log itself (always current; `minPosition` never waits). Actors: the customer, program, auditor.',
  })
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiProblemResponses(400, 403, { 404: '`customer-not-found`.' })
  async history(@Param() params: CustomerIdParams, @Query() query: CustomerHistoryQuery, @CurrentActor() actor: Actor): Promise<Page<HistoryItem>> {
    const { customerId } = params;
    if (!isOverseer(actor) && !(actor.kind === 'customer' && actor.tenantId === customerId)) {
      throw forbidden("Only the customer, program and auditor actors may read a customer's history.");
    }
    const limit = pageLimit(query.limit);
    const afterRevision = query.cursor !== undefined ? revisionOf(query.cursor) : -1;
    const streamId = streams.customer(customerId);
    const events = await this.readModels.log.readStream(streamId, { fromRevision: afterRevision + 1, maxCount: limit + 1 });
    if (events.length === 0 && (await this.readModels.log.readStream(streamId, { maxCount: 1 })).length === 0) {
      throw customerNotFound(customerId);
    }
    const page = events.slice(0, limit);
    return {
      items: page.map(toHistoryItem),
      nextCursor: events.length > limit ? encodeCursor([page[page.length - 1]!.revision]) : null,
    };
  }

  /** As of a time or position: the customer stream replayed, never a read model. */
  private async fromLog(actor: Actor, customerId: string, point: PointInTime): Promise<CustomerView> {
    const events = await this.readModels.log.readStream(streams.customer(customerId));
    const then = customerViewOf(replayCustomer(events, point), actor.kind === 'partner' ? { partnerId: actor.tenantId } : {});
    // Unknown, or not yet registered then: either way there was no such customer to show.
    if (!then) throw customerNotFound(customerId);
    if (actor.kind !== 'partner') return then;
    await this.access.assertRecordedPartnerUser(actor);
    // Whether the partner may look at all is a question about today: has it ever had a link?
    if (!partnerIsLinked(replayCustomer(events, { now: true }).state, actor.tenantId)) throw neverRelated(actor, customerId);
    return then;
  }
}

/**
 * Kind and tenant (403), before any lookup: a customer only about itself, a partner only about a
 * customer it is linked to (checked once the customer is known), overseers about any; `service`
 * reads no customer.
 */
function assertMayAskAboutCustomer(actor: Actor, customerId: string): void {
  if (isOverseer(actor) || actor.kind === 'partner') return;
  if (actor.kind === 'customer' && actor.tenantId === customerId) return;
  throw forbidden(actor.kind === 'customer' ? 'A customer may only read its own tenant.' : `A ${actor.kind} actor may not read customers.`);
}

function neverRelated(actor: Actor, customerId: string) {
  return forbidden(`Partner ${actor.tenantId} has never had a relationship with customer ${customerId}.`);
}

/** The stream revision a history cursor points after. */
function revisionOf(cursor: string): number {
  const [revision] = decodeCursor<[number]>(cursor, ['number']);
  if (!Number.isSafeInteger(revision) || revision < 0) throw new InvalidCursorError();
  return revision;
}
