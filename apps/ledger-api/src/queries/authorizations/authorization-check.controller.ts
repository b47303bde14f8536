import { type AuthorizationAction, authorizationCheck, customerNotFound, toRecordedCustomerEvents } from '@ledger/customers';
import { type Actor, forbidden, streams } from '@ledger/kernel';
import { partnerNotFound } from '@ledger/partners';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiProblemResponses } from '../../openapi/api-problem-responses.decorator';
import { ReadModels } from '../../read-models/read-models.service';
import { formatPosition } from '../shared/page.response';
import { isOverseer, ReadAccess } from '../shared/read-access';
import { AuthorizationCheckQuery } from './authorization-check.query';
import { AuthorizationCheckResponse } from './authorization-check.responses';

/** The answer of `GET /v1/authorizations/check`. */
export interface AuthorizationCheckBody {
  readonly allowed: boolean;
  readonly reasons: { readonly type: string; readonly position: string; readonly occurredAt: string }[];
  readonly partnerId: string;
  readonly customerId: string;
  readonly action: AuthorizationAction;
  readonly asOf: string | null;
}

/** Domain §4.5: may partner P do A for customer C as of T, and why — from the customer's stream. */
@ApiTags('authorizations')
@ApiBearerAuth('bearer')
@Controller('v1/authorizations')
export class AuthorizationCheckController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly access: ReadAccess,
  ) {}

  @Get('check')
  @ApiOperation({
    operationId: 'CheckAuthorization',
    summary: 'May this partner submit orders for, or administer the tenant of, this customer (now or as of a time), and why',
    description:
      'Answered from the event log, never a read model, so it is always current. `reasons` are the deciding events. ' +
      'Actors: program, auditor, service; a partner user about its own partner; a customer about its own tenant.',
  })
  @ApiOkResponse({ type: AuthorizationCheckResponse })
  @ApiProblemResponses(400, 403, { 404: '`partner-not-found`, `customer-not-found`.' })
  async check(@Query() query: AuthorizationCheckQuery, @CurrentActor() actor: Actor): Promise<AuthorizationCheckBody> {
    const { partnerId, customerId, action, asOf } = query;
    assertMayAsk(actor, partnerId, customerId);
    const [partner, events] = await Promise.all([
      this.access.partnerState(partnerId),
      this.readModels.log.readStream(streams.customer(customerId)),
    ]);
    if (partner.status === 'none') throw partnerNotFound(partnerId);
    if (events.length === 0) throw customerNotFound(customerId);
    if (actor.kind === 'partner' && !partner.users[actor.userId]) {
      throw forbidden(`User ${actor.userId} is not a recorded user of partner ${partnerId}.`);
    }
    const answer = authorizationCheck(toRecordedCustomerEvents(events), partnerId, action, asOf);
    return {
      allowed: answer.allowed,
      reasons: answer.reasons.map((reason) => ({ type: reason.type, position: formatPosition(reason.position), occurredAt: reason.occurredAt })),
      partnerId,
      customerId,
      action,
      asOf: asOf ?? null,
    };
  }
}

/** Kind and tenant (403): a partner asks about itself, a customer about its own tenant; overseers and services about anyone. */
function assertMayAsk(actor: Actor, partnerId: string, customerId: string): void {
  if (isOverseer(actor) || actor.kind === 'service') return;
  if (actor.kind === 'partner' && actor.tenantId === partnerId) return;
  if (actor.kind === 'customer' && actor.tenantId === customerId) return;
  throw forbidden(
    actor.kind === 'partner' ? 'A partner may only check its own authorizations.' : 'A customer may only check authorizations on its own tenant.',
  );
}
