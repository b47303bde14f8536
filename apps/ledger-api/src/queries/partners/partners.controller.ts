import { getPartner, listPartners, partnersProjection, type Page, type PartnerSummaryView, type PartnerView } from '@ledger/projections';
import type { Actor } from '@ledger/kernel';
import { partnerNotFound } from '@ledger/partners';
import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiProblemResponses } from '../../openapi/api-problem-responses.decorator';
import { InvalidQueryInterceptor } from '../../read-models/invalid-query.interceptor';
import { ReadModels } from '../../read-models/read-models.service';
import { PartnerIdParams } from '../shared/path-params';
import { assertKind, OVERSEERS, ReadAccess } from '../shared/read-access';
import { READ_MODEL_BEHIND } from '../shared/openapi';
import { pageRequestOf, ReadModelQuery } from '../shared/read-query.dto';
import { ListPartnersQuery } from './partners.query';
import { PartnerPageResponse, PartnerResponse } from './partners.responses';

@ApiTags('partners')
@ApiBearerAuth('bearer')
@UseInterceptors(InvalidQueryInterceptor)
@Controller('v1/partners')
export class PartnersQueryController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly access: ReadAccess,
  ) {}

  @Get(':partnerId')
  @ApiOperation({
    operationId: 'GetPartner',
    summary: 'A partner: profile, enrollment status and users with their recorded roles',
    description: "Actors: that partner's recorded users (any role), program, auditor.",
  })
  @ApiOkResponse({ type: PartnerResponse })
  @ApiProblemResponses(400, 403, { 404: '`partner-not-found`.', ...READ_MODEL_BEHIND })
  async get(@Param() params: PartnerIdParams, @Query() query: ReadModelQuery, @CurrentActor() actor: Actor): Promise<PartnerView> {
    await this.access.authorizePartnerPathRead(actor, [params.partnerId], 'a partner');
    await this.readModels.includePosition(query.minPosition, [partnersProjection.name]);
    const partner = getPartner(this.readModels.db, params.partnerId);
    if (!partner) throw partnerNotFound(params.partnerId);
    return partner;
  }

  @Get()
  @ApiOperation({
    operationId: 'ListPartners',
    summary: 'Partners, filtered by type, enrollment status and cloud, by partner id',
    description: 'Actors: program, auditor. Items are the profile without users.',
  })
  @ApiOkResponse({ type: PartnerPageResponse })
  @ApiProblemResponses(400, 403, READ_MODEL_BEHIND)
  async list(@Query() query: ListPartnersQuery, @CurrentActor() actor: Actor): Promise<Page<PartnerSummaryView>> {
    assertKind(actor, OVERSEERS, 'the partner list');
    await this.readModels.includePosition(query.minPosition, [partnersProjection.name]);
    return listPartners(this.readModels.db, {
      ...(query.type ? { type: query.type } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.cloud ? { cloud: query.cloud } : {}),
      ...pageRequestOf(query),
    });
  }
}
