import { type Actor, forbidden } from '@ledger/kernel';
import { dapGrantsProjection, type DapGrantView, listDapGrants, type Page } from '@ledger/projections';
import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiProblemResponses } from '../../openapi/api-problem-responses.decorator';
import { InvalidQueryInterceptor } from '../../read-models/invalid-query.interceptor';
import { ReadModels } from '../../read-models/read-models.service';
import { READ_MODEL_BEHIND } from '../shared/openapi';
import { isOverseer, ReadAccess } from '../shared/read-access';
import { pageRequestOf } from '../shared/read-query.dto';
import { ListDapGrantsQuery } from './dap-grants.query';
import { DapGrantPageResponse } from './dap-grants.responses';

/** Delegated admin privileges (domain §5): active, retained (relationship gone, DAP kept) and revoked grants. */
@ApiTags('dap-grants')
@ApiBearerAuth('bearer')
@UseInterceptors(InvalidQueryInterceptor)
@Controller('v1/dap-grants')
export class DapGrantsQueryController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly access: ReadAccess,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'ListDapGrants',
    summary: 'DAP grants in the order they were granted, by status, partner and customer',
    description:
      "Actors: program, auditor (all grants); a partner's recorded users (its own grants only); a customer (grants on its own tenant only). " +
      '`?status=retained` answers "which partners kept admin access after their relationship ended, and since when".',
  })
  @ApiOkResponse({ type: DapGrantPageResponse })
  @ApiProblemResponses(400, { 403: "`forbidden`: another partner's or customer's grants, or a service actor." }, READ_MODEL_BEHIND)
  async list(@Query() query: ListDapGrantsQuery, @CurrentActor() actor: Actor): Promise<Page<DapGrantView>> {
    let { partnerId, customerId } = query;
    if (actor.kind === 'partner') {
      if (partnerId !== undefined && partnerId !== actor.tenantId) throw forbidden("A partner may only read its own DAP grants.");
      partnerId = actor.tenantId;
    } else if (actor.kind === 'customer') {
      if (customerId !== undefined && customerId !== actor.tenantId) throw forbidden('A customer may only read the DAP grants on its own tenant.');
      customerId = actor.tenantId;
    } else if (!isOverseer(actor)) {
      throw forbidden('Only program, auditor, partner and customer actors may read DAP grants.');
    }
    if (actor.kind === 'partner') await this.access.assertRecordedPartnerUser(actor);
    await this.readModels.includePosition(query.minPosition, [dapGrantsProjection.name]);
    return listDapGrants(this.readModels.db, {
      ...pageRequestOf(query),
      ...(query.status ? { status: query.status } : {}),
      ...(partnerId ? { partnerId } : {}),
      ...(customerId ? { customerId } : {}),
    });
  }
}
