import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { EMPTY_BODY_SCHEMA_NAME } from '../http/empty-body';
import { WRITE_METHODS } from '../idempotency/idempotency-key';
import { problemResponse } from './api-problem-responses.decorator';
import { FieldErrorSchema, ProblemDetailsSchema } from './problem-details.schema';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const SWAGGER_UI_PATH = '/docs';
export const BEARER_SCHEME = 'bearer';

type Operation = {
  parameters?: Array<Record<string, unknown>>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, unknown>;
  security?: Array<Record<string, string[]>>;
};

/** Builds the OpenAPI document of every controller in the app, with the ledger's cross-cutting parts. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CSP relationship ledger')
    .setDescription(
      'Event-sourced ledger of Cloud Solution Provider partner, customer and delegated-admin relationships. ' +
        'Every `/v1` call needs a bearer token (HS256 JWT). Errors are `application/problem+json` (RFC 9457) with a stable `code`. ' +
        'Writes answer `{ position, ...ids }` and honour `Idempotency-Key`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsSchema, FieldErrorSchema] });
  return addLedgerConventions(document);
}

/**
 * What holds for every route, added here so no controller can forget it: `/v1` routes need the
 * bearer token and may answer 401, 429 and 500; writes may answer 400 and 413 and take
 * Idempotency-Key; every route takes and echoes X-Correlation-Id.
 */
export function addLedgerConventions(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, unknown>)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const operation = value as Operation;
      operation.parameters ??= [];
      operation.responses ??= {};
      markEmptyBodyOptional(operation);
      addHeaderParameter(operation, {
        name: 'X-Correlation-Id',
        in: 'header',
        required: false,
        description: 'Ties the request to its events and log lines; echoed in the response (one is made when absent). Up to 128 of [A-Za-z0-9._:-].',
        schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
      });
      if (!path.startsWith('/v1')) continue;
      operation.security ??= [{ [BEARER_SCHEME]: [] }];
      const statuses = [401, 429, 500];
      if (WRITE_METHODS.has(method.toUpperCase())) {
        statuses.push(400, 413, 422);
        addHeaderParameter(operation, {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the same actor, method, path, key and body within 24 h gets the first answer and appends nothing; the same key with another body is 422 `idempotency-key-reused`.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        });
      }
      for (const status of statuses) operation.responses[String(status)] ??= problemResponse(status);
    }
  }
  document.components ??= {};
  document.components.schemas ??= {};
  const emptyBody = document.components.schemas[EMPTY_BODY_SCHEMA_NAME];
  // The pipe refuses any field sent to EmptyBody; say so where a client generator can see it.
  if (emptyBody && !('$ref' in emptyBody)) emptyBody.additionalProperties = false;
  // Referenced by every problem response; make sure it is present even if no controller used the decorator.
  if (!document.components.schemas.ProblemDetailsSchema) {
    throw new Error(`OpenAPI: ${getSchemaPath(ProblemDetailsSchema)} is missing from the document.`);
  }
  return document;
}

/** `@Body() _body: EmptyBody` accepts no body at all as well as `{}` (http/empty-body.ts). */
function markEmptyBodyOptional(operation: Operation): void {
  const content = operation.requestBody?.content ?? {};
  const refs = Object.values(content).map((media) => media.schema?.$ref);
  if (refs.length > 0 && refs.every((ref) => ref === `#/components/schemas/${EMPTY_BODY_SCHEMA_NAME}`)) operation.requestBody!.required = false;
}

function addHeaderParameter(operation: Operation, parameter: Record<string, unknown> & { name: string }): void {
  const parameters = operation.parameters ?? [];
  const already = parameters.some((p) => p.in === 'header' && String(p.name).toLowerCase() === parameter.name.toLowerCase());
  if (!already) parameters.push(parameter);
  operation.parameters = parameters;
}

/** Serves the document at GET /openapi.json and Swagger UI at GET /docs (api.md). Both are public. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'CSP relationship ledger API',
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}

