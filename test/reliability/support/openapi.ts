/*
 * The API's own description of itself (`GET /openapi.json`), turned into the list of operations
 * the suites must cover: a route added later is fuzzed and put through the tenant matrix without
 * anyone remembering to list it.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A JSON Schema fragment as the document holds it (refs resolved on demand). */
export interface SchemaObject {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly example?: unknown;
  readonly items?: SchemaObject;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly allOf?: readonly SchemaObject[];
  readonly $ref?: string;
}

export interface ApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: SchemaObject;
}

export interface ApiOperation {
  readonly method: HttpMethod;
  /** The path template, e.g. `/v1/customers/{customerId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly ApiParameter[];
  /** The request body's schema with refs resolved one level at a time by `resolveSchema`. */
  readonly bodySchema: SchemaObject | undefined;
  /** `GET /v1/...`: a read of ledger data (the tenant matrix covers exactly these). */
  readonly isLedgerRead: boolean;
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, SchemaObject>> };
}

interface OperationObject {
  readonly operationId?: string;
  readonly parameters?: readonly ApiParameter[];
  readonly requestBody?: { readonly content?: Readonly<Record<string, { readonly schema?: SchemaObject }>> };
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export async function fetchOpenApi(baseUrl: string): Promise<OpenApiDocument> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): ApiOperation[] {
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [methodName, operation] of Object.entries(item)) {
      const method = methodName.toUpperCase() as HttpMethod;
      if (!METHODS.includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const bodySchema = (content['application/json'] ?? Object.values(content)[0])?.schema;
      operations.push({
        method,
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
        queryParams: parameters.filter((parameter) => parameter.in === 'query'),
        bodySchema,
        isLedgerRead: method === 'GET' && path.startsWith('/v1/'),
      });
    }
  }
  return operations;
}

/** Follows `$ref`s (and merges `allOf`) until a concrete schema. */
export function resolveSchema(document: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject | undefined {
  let current = schema;
  for (let hops = 0; current?.$ref !== undefined; hops += 1) {
    if (hops > 20) throw new Error(`Reference cycle at ${current.$ref}`);
    const name = current.$ref.replace('#/components/schemas/', '');
    current = document.components?.schemas?.[name];
  }
  if (current?.allOf) {
    const parts = current.allOf.map((part) => resolveSchema(document, part) ?? {});
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Record<string, SchemaObject>,
      required: parts.flatMap((part) => part.required ?? []),
    };
  }
  return current;
}

/** Fills a path template with already-encoded segments. */
export function fillPath(template: string, segments: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = segments[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${template}`);
    return value;
  });
}
