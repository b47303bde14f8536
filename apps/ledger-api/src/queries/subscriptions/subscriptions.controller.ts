import { customerNotFound } from '@ledger/customers';
import { type Actor, forbidden } from '@ledger/kernel';
import {
  customerListsProjection,
  getCustomer,
  listCustomerSubscriptions,
  type Page,
  partnerCustomerLink,
  subscriptionsProjection,
  type SubscriptionView,
} from '@ledger/projections';
import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiProblemResponses } from '../../openapi/api-problem-responses.decorator';
import { InvalidQueryInterceptor } from '../../read-models/invalid-query.interceptor';
import { ReadModels } from '../../read-models/read-models.service';
import { READ_MODEL_BEHIND } from '../shared/openapi';
import { CustomerIdParams } from '../shared/path-params';
import { isOverseer, ReadAccess } from '../shared/read-access';
import { pageRequestOf } from '../shared/read-query.dto';
import { CustomerSubscriptionsQuery } from './subscriptions.query';
import { SubscriptionPageResponse } from './subscriptions.responses';

/** A customer's subscriptions over every channel (domain §4.4). */
@ApiTags('subscriptions')
@ApiBearerAuth('bearer')
@UseInterceptors(InvalidQueryInterceptor)
@Controller('v1/customers')
export class SubscriptionsQueryController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly access: ReadAccess,
  ) {}

  @Get(':customerId/subscriptions')
  @ApiOperation({
    operationId: 'ListCustomerSubscriptions',
    summary: "A customer's subscriptions, by subscription id",
    description:
      'Actors: the customer, program, auditor; a partner that has or had a relationship with the customer sees those it is partner of record or manager of.',
  })
  @ApiOkResponse({ type: SubscriptionPageResponse })
  @ApiProblemResponses(400, {
    403: '`forbidden`: another tenant, or a partner that never had a relationship with the customer.',
    404: '`customer-not-found`.',
    ...READ_MODEL_BEHIND,
  })
  async list(@Param() params: CustomerIdParams, @Query() query: CustomerSubscriptionsQuery, @CurrentActor() actor: Actor): Promise<Page<SubscriptionView>> {
    const { customerId } = params;
    const mayAsk = isOverseer(actor) || actor.kind === 'partner' || (actor.kind === 'customer' && actor.tenantId === customerId);
    if (!mayAsk) throw forbidden("Only the customer, its partners, program and auditor actors may read a customer's subscriptions.");
    await this.readModels.includePosition(query.minPosition, [subscriptionsProjection.name, customerListsProjection.name]);
    if (!getCustomer(this.readModels.db, customerId)) throw customerNotFound(customerId);
    let visibleToPartnerId: string | undefined;
    if (actor.kind === 'partner') {
      await this.access.assertRecordedPartnerUser(actor);
      if (partnerCustomerLink(this.readModels.db, actor.tenantId, customerId).relationship === null) {
        throw forbidden(`Partner ${actor.tenantId} has never had a relationship with customer ${customerId}.`);
      }
      visibleToPartnerId = actor.tenantId;
    }
    return listCustomerSubscriptions(this.readModels.db, customerId, {
      ...pageRequestOf(query),
      ...(query.status ? { status: query.status } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(visibleToPartnerId ? { visibleToPartnerId } : {}),
    });
  }
}
