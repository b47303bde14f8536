import { type Actor, forbidden, streams } from '@ledger/kernel';
import { customerListsProjection, type CustomerListItem, listPartnerCustomers, listSharedCustomers, type Page } from '@ledger/projections';
import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiProblemResponses } from '../../openapi/api-problem-responses.decorator';
import { InvalidQueryInterceptor } from '../../read-models/invalid-query.interceptor';
import { ReadModels } from '../../read-models/read-models.service';
import { READ_MODEL_BEHIND } from '../shared/openapi';
import { PartnerIdParams, ResellerProviderParams } from '../shared/path-params';
import { ReadAccess } from '../shared/read-access';
import { PageQuery, pageRequestOf } from '../shared/read-query.dto';
import { CustomerListPageResponse } from './customers.responses';

/** Customer lists (domain §5): a partner's customers, and the customers a reseller shares with a provider. */
@ApiTags('customers')
@ApiBearerAuth('bearer')
@UseInterceptors(InvalidQueryInterceptor)
@Controller('v1/partners')
export class PartnerCustomersQueryController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly access: ReadAccess,
  ) {}

  @Get(':partnerId/customers')
  @ApiOperation({
    operationId: 'ListPartnerCustomers',
    summary: "A partner's customer list: customers it has an active reseller relationship with, by customer id",
    description: "Actors: the partner's recorded users, program, auditor.",
  })
  @ApiOkResponse({ type: CustomerListPageResponse })
  @ApiProblemResponses(400, 403, { 404: '`partner-not-found`.', ...READ_MODEL_BEHIND })
  async customers(@Param() params: PartnerIdParams, @Query() query: PageQuery, @CurrentActor() actor: Actor): Promise<Page<CustomerListItem>> {
    await this.access.authorizePartnerPathRead(actor, [params.partnerId], "a partner's customers");
    await this.readModels.includePosition(query.minPosition, [customerListsProjection.name]);
    return listPartnerCustomers(this.readModels.db, params.partnerId, pageRequestOf(query));
  }

  @Get(':resellerId/indirect-providers/:providerId/customers')
  @ApiOperation({
    operationId: 'ListSharedCustomers',
    summary: 'Customers that a reseller and one of its indirect providers both have an active relationship with',
    description:
      "Actors: the reseller's or the provider's recorded users — once the two have been partners — program, auditor. " +
      "`since` and `delegatedAdmin` are the calling partner's own (the reseller's for program and auditor).",
  })
  @ApiOkResponse({ type: CustomerListPageResponse })
  @ApiProblemResponses(400, {
    403: '`forbidden`: not one of the two partners, an unrecorded user, or the two have never been partners.',
    404: '`partner-not-found`.',
    ...READ_MODEL_BEHIND,
  })
  async sharedCustomers(
    @Param() params: ResellerProviderParams,
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<CustomerListItem>> {
    const { resellerId, providerId } = params;
    await this.access.authorizePartnerPathRead(actor, [resellerId, providerId], 'shared customers');
    // A partner learns which customers the other side also serves only within a partnership.
    if (actor.kind === 'partner' && !(await this.everPartners(providerId, resellerId))) {
      throw forbidden(`Partners ${providerId} and ${resellerId} have never been partners.`);
    }
    await this.readModels.includePosition(query.minPosition, [customerListsProjection.name]);
    return listSharedCustomers(this.readModels.db, resellerId, providerId, {
      ...pageRequestOf(query),
      viewpointPartnerId: actor.kind === 'partner' ? actor.tenantId : resellerId,
    });
  }

  /** The reseller has authorized the provider at some point (the partnership stream, not a read model). */
  private async everPartners(providerId: string, resellerId: string): Promise<boolean> {
    const events = await this.readModels.log.readStream(streams.partnership(providerId, resellerId));
    return events.some((event) => event.type === 'IndirectProviderAuthorized');
  }
}
