import { type Actor, forbidden } from '@ledger/kernel';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { problem, ProblemException, RequestValidationError } from '../errors/problem-details';
import { ApiProblemResponses } from '../openapi/api-problem-responses.decorator';
import { decodeHeadsCursor, pageOfHeads } from './heads-page';
import { DEFAULT_HEADS_LIMIT, VerificationDto, VerificationQuery } from './verification.dto';
import { type CompletedVerification, VerificationService, VerificationStoppedError } from './verification.service';

/** Only auditors check the log's integrity (they are the ones who anchor what it returns). */
function assertAuditor(actor: Actor): void {
  if (actor.kind !== 'auditor') throw forbidden('Only auditors may read the verification of the event log.');
}

@ApiTags('audit')
@Controller('v1/audit/verification')
export class VerificationController {
  constructor(private readonly verifications: VerificationService) {}

  @Get()
  @ApiOperation({
    operationId: 'GetLogVerification',
    summary: "The latest verification of the event log's tamper evidence, with the head hash of every stream (auditors).",
    description:
      "Every event carries `metadata.integrity`: a SHA-256 over its stream, revision, type, data and metadata, chained to the previous event of its stream. " +
      'The API verifies every chain at startup, then every `LEDGER_VERIFY_INTERVAL_MS` (default 1 h), and on `?refresh=true` ' +
      '(which joins a verification already in progress rather than starting a second). Before the first one completes, the call waits for it. ' +
      '`problems` lists what is wrong (stream, revision, kind). `heads` is paged by stream id (`limit`, `cursor`). ' +
      'Record the heads elsewhere (anchoring): a later verification with `ledger verify --anchors` proves that no stream was rewritten or cut short since. ' +
      'Actors: auditor only.',
  })
  @ApiOkResponse({ type: VerificationDto })
  @ApiProblemResponses({
    400: '`validation-failed`: `refresh`, `limit` or `cursor` is malformed, the cursor\'s verification is no longer kept, or `cursor` is combined with `refresh=true`.',
    403: '`forbidden`: only auditors may read the verification.',
    503: '`unavailable`: the API is shutting down, or the store cannot be read.',
  })
  async get(@Query() query: VerificationQuery, @CurrentActor() actor: Actor): Promise<VerificationDto> {
    // api.md, Errors: query shape (400) before the actor (403).
    const cursor = query.cursor === undefined ? undefined : decodeHeadsCursor(query.cursor);
    if (cursor && query.refresh === 'true') {
      throw new RequestValidationError([{ field: 'cursor', messages: ['cursor pages through one verification; it cannot be combined with refresh=true'] }]);
    }
    assertAuditor(actor);
    const verification = cursor ? this.keptVerification(cursor.verificationId) : await this.currentVerification(query.refresh === 'true');
    const page = pageOfHeads(verification, cursor?.afterStreamId, query.limit ?? DEFAULT_HEADS_LIMIT);
    const { result } = verification;
    return {
      verificationId: verification.id,
      ok: result.ok,
      startedAt: result.startedAt,
      checkedAt: result.checkedAt,
      headPosition: String(result.headPosition),
      eventsChecked: result.eventsChecked,
      streamsChecked: result.streamsChecked,
      problemCount: result.problemCount,
      problems: result.problems.map((found) => ({ ...found, position: found.position === null ? null : String(found.position) })),
      heads: page.items.map((head) => ({ ...head })),
      nextCursor: page.nextCursor,
    };
  }

  private keptVerification(id: string): CompletedVerification {
    const kept = this.verifications.kept(id);
    if (!kept) {
      throw new RequestValidationError([
        { field: 'cursor', messages: ['the verification this cursor pages through is no longer kept; start again without a cursor'] },
      ]);
    }
    return kept;
  }

  private async currentVerification(refresh: boolean): Promise<CompletedVerification> {
    try {
      return await (refresh ? this.verifications.refresh() : this.verifications.latestResult());
    } catch (error) {
      if (error instanceof VerificationStoppedError) throw new ProblemException(problem(503, 'unavailable', error.message));
      throw error;
    }
  }
}
