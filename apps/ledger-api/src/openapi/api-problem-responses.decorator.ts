import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { ProblemDetailsSchema } from './problem-details.schema';

/** What each error status means for a ledger call (api.md, Errors). */
export const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: '`validation-failed`: the body or query fails validation (`errors` lists each field), or broken JSON.',
  401: '`unauthenticated`: missing, expired or wrongly signed bearer token.',
  403: '`forbidden`: the actor may not do this.',
  404: 'An id is unknown: `partner-not-found`, `customer-not-found`, `request-not-found`, `invitation-not-found`, `subscription-not-found`, `user-not-found`.',
  409: 'A rule forbids it in the current state (the rule\'s code, domain §4), or `concurrency-conflict`.',
  413: '`payload-too-large`: the body is over 1 MiB.',
  422: 'The request itself is refused: `webmail-not-accepted`, `mpn-country-mismatch`, `consent-required`, `attestation-required`, `idempotency-key-reused`.',
  429: '`rate-limited`: too many requests from this actor.',
  500: '`internal`: an unexpected error; quote the correlation id.',
  503: '`unavailable` (store unreachable, or not ready) or `read-model-behind`.',
};

/** A problem+json response entry for the OpenAPI document, with an optional specific description. */
export function problemResponse(status: number, description?: string) {
  return {
    description: description ?? PROBLEM_DESCRIPTIONS[status] ?? 'Error',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsSchema) } } },
  };
}

/**
 * Documents the error answers of a route as problem+json:
 *
 *   @ApiProblemResponses(403, 404, 409)
 *   @ApiProblemResponses({ 409: '`request-not-open`: the request was already answered.' })
 *
 * 400 and 413 are added to every write, and 401, 429 and 500 to every `/v1` route, by
 * setupOpenApi, so list only what is specific to the route.
 */
export function ApiProblemResponses(...statuses: Array<number | Readonly<Record<number, string>>>): MethodDecorator & ClassDecorator {
  const entries = statuses.flatMap((item): Array<[number, string | undefined]> =>
    typeof item === 'number' ? [[item, undefined]] : Object.entries(item).map(([status, text]) => [Number(status), text]),
  );
  return applyDecorators(
    ApiExtraModels(ProblemDetailsSchema),
    ...entries.map(([status, description]) => ApiResponse({ status, ...problemResponse(status, description) })),
  );
}
