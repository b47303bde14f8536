import type { Actor, ActorKind } from '@ledger/kernel';
import { auditLogProjection, type AuditEventView, listAuditEvents, type Page } from '@ledger/projections';
import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiProblemResponses } from '../../openapi/api-problem-responses.decorator';
import { InvalidQueryInterceptor } from '../../read-models/invalid-query.interceptor';
import { ReadModels } from '../../read-models/read-models.service';
import { READ_MODEL_BEHIND } from '../shared/openapi';
import { formatPosition } from '../shared/page.response';
import { assertKind } from '../shared/read-access';
import { pageRequestOf } from '../shared/read-query.dto';
import { AuditEventsQuery } from './audit.query';
import { AuditEventPageResponse } from './audit.responses';

/** Who may read the audit trail (domain §2). */
export const AUDIT_READERS: readonly ActorKind[] = ['program', 'auditor', 'service'];

/** An audit item as the API answers it: positions as decimal strings, like everywhere else. */
export type AuditEventItem = Omit<AuditEventView, 'position'> & { readonly position: string };

/** The audit trail (domain §5): every event with who, when and correlation, filterable. */
@ApiTags('audit')
@ApiBearerAuth('bearer')
@UseInterceptors(InvalidQueryInterceptor)
@Controller('v1/audit/events')
export class AuditQueryController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({
    operationId: 'ListAuditEvents',
    summary: 'Every event in log order, filtered by the partner or customer its data names, the acting user, type and time',
    description: 'Actors: program, auditor, service. `from` and `to` are inclusive and compare with the event\'s occurredAt.',
  })
  @ApiOkResponse({ type: AuditEventPageResponse })
  @ApiProblemResponses(400, 403, {
    503:
      READ_MODEL_BEHIND[503] +
      ' `unavailable`: the audit log names an event the event log does not hold (read models ahead of an older copy of the log; they are rebuilt at the next start).',
  })
  async list(@Query() query: AuditEventsQuery, @CurrentActor() actor: Actor): Promise<Page<AuditEventItem>> {
    assertKind(actor, AUDIT_READERS, 'the audit log');
    await this.readModels.includePosition(query.minPosition, [auditLogProjection.name]);
    // Bodies come from the log (the audit log keeps positions and filter columns only).
    const page = await listAuditEvents(this.readModels.db, this.readModels.auditLog, {
      ...pageRequestOf(query),
      ...(query.partnerId ? { partnerId: query.partnerId } : {}),
      ...(query.customerId ? { customerId: query.customerId } : {}),
      ...(query.actorUserId ? { actorUserId: query.actorUserId } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    });
    return { nextCursor: page.nextCursor, items: page.items.map((item) => ({ ...item, position: formatPosition(item.position) })) };
  }
}
