import {
  type IndirectProviderView,
  type IndirectResellerView,
  listIndirectProviders,
  listIndirectResellers,
  listPartnershipInvitations,
  type Page,
  type PartnershipInvitationView,
  partnershipsProjection,
} from '@ledger/projections';
import type { Actor } from '@ledger/kernel';
import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiProblemResponses } from '../../openapi/api-problem-responses.decorator';
import { InvalidQueryInterceptor } from '../../read-models/invalid-query.interceptor';
import { ReadModels } from '../../read-models/read-models.service';
import { READ_MODEL_BEHIND } from '../shared/openapi';
import { PartnerIdParams, ProviderIdParams, ResellerIdParams } from '../shared/path-params';
import { ReadAccess } from '../shared/read-access';
import { pageRequestOf } from '../shared/read-query.dto';
import { InvitationListQuery, PartnershipListQuery } from './partnerships.query';
import { IndirectProviderPageResponse, IndirectResellerPageResponse, PartnershipInvitationPageResponse } from './partnerships.responses';

const PROBLEMS = [400, 403, { 404: '`partner-not-found`.', ...READ_MODEL_BEHIND }] as const;

/** Two-tier partnerships (domain §4.2) as each side sees them. */
@ApiTags('partnerships')
@ApiBearerAuth('bearer')
@UseInterceptors(InvalidQueryInterceptor)
@Controller('v1/partners')
export class PartnershipsQueryController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly access: ReadAccess,
  ) {}

  @Get(':resellerId/indirect-providers')
  @ApiOperation({
    operationId: 'ListIndirectProviders',
    summary: "A reseller's indirect providers (active and ended), by provider id",
    description: "Actors: the reseller's recorded users, program, auditor.",
  })
  @ApiOkResponse({ type: IndirectProviderPageResponse })
  @ApiProblemResponses(...PROBLEMS)
  async indirectProviders(
    @Param() params: ResellerIdParams,
    @Query() query: PartnershipListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<IndirectProviderView>> {
    await this.access.authorizePartnerPathRead(actor, [params.resellerId], "a reseller's indirect providers");
    await this.readModels.includePosition(query.minPosition, [partnershipsProjection.name]);
    return listIndirectProviders(this.readModels.db, params.resellerId, { ...pageRequestOf(query), ...(query.status ? { status: query.status } : {}) });
  }

  @Get(':providerId/indirect-resellers')
  @ApiOperation({
    operationId: 'ListIndirectResellers',
    summary: "A provider's indirect resellers (active and ended), by reseller id",
    description: "Actors: the provider's recorded users, program, auditor.",
  })
  @ApiOkResponse({ type: IndirectResellerPageResponse })
  @ApiProblemResponses(...PROBLEMS)
  async indirectResellers(
    @Param() params: ProviderIdParams,
    @Query() query: PartnershipListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<IndirectResellerView>> {
    await this.access.authorizePartnerPathRead(actor, [params.providerId], "a provider's indirect resellers");
    await this.readModels.includePosition(query.minPosition, [partnershipsProjection.name]);
    return listIndirectResellers(this.readModels.db, params.providerId, { ...pageRequestOf(query), ...(query.status ? { status: query.status } : {}) });
  }

  @Get(':partnerId/partnership-invitations')
  @ApiOperation({
    operationId: 'ListPartnershipInvitations',
    summary: 'Partnership invitations the partner sent (as provider) or received (as reseller), oldest first',
    description: "Actors: the partner's recorded users, program, auditor. `?status=open` lists those still waiting for the reseller.",
  })
  @ApiOkResponse({ type: PartnershipInvitationPageResponse })
  @ApiProblemResponses(...PROBLEMS)
  async invitations(
    @Param() params: PartnerIdParams,
    @Query() query: InvitationListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<PartnershipInvitationView>> {
    await this.access.authorizePartnerPathRead(actor, [params.partnerId], "a partner's partnership invitations");
    await this.readModels.includePosition(query.minPosition, [partnershipsProjection.name]);
    return listPartnershipInvitations(this.readModels.db, params.partnerId, { ...pageRequestOf(query), ...(query.status ? { status: query.status } : {}) });
  }
}
