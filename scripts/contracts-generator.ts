/**
 * Derives the published event contract from the TypeScript types, so the two cannot drift:
 *
 *   contracts/events/<EventType>.schema.json   JSON Schema (draft-07) of each event type's `data`
 *   contracts/envelope.schema.json             JSON Schema of the envelope every SSE message carries
 *   contracts/asyncapi.json                    AsyncAPI 3.0 document of GET /v1/events/stream
 *
 * The event types are every `export type X = DomainEvent<'X', {…}>` in `libs/<lib>/src/<aggregate>/*.events.ts`;
 * the envelope is `EventEnvelope` in apps/ledger-api/src/events-stream/event-envelope.ts. JSDoc
 * becomes `description`. `npm run contracts` writes the files (scripts/generate-contracts.ts);
 * contracts/contracts.spec.ts regenerates them in memory and fails when the committed ones differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CompletedConfig, createFormatter, createParser, DEFAULT_CONFIG, SchemaGenerator } from 'ts-json-schema-generator';
import ts from 'typescript';
import { LEDGER_UPCASTERS } from '../libs/event-store/src/upcasting/ledger-upcasters';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const CONTRACTS_DIR = 'contracts';
const ENVELOPE_SOURCE = 'apps/ledger-api/src/events-stream/event-envelope.ts';
const ENVELOPE_TYPE = 'EventEnvelope';
const STREAM_PATH = '/v1/events/stream';

type JsonSchema = { [key: string]: unknown };

/** One event type found in the sources. */
export interface EventTypeContract {
  readonly type: string;
  /** The events file declaring it, relative to the repository root. */
  readonly source: string;
  readonly description: string;
  /** The version writers record, i.e. the version this schema describes (metadata.schemaVersion). */
  readonly schemaVersion: number;
  /** JSON Schema of `data`, with `#/definitions/…` references into `definitions`. */
  readonly data: JsonSchema;
}

export interface GeneratedContracts {
  readonly eventTypes: readonly EventTypeContract[];
  /** Contract files by path relative to the repository root, with their exact content. */
  readonly files: ReadonlyMap<string, string>;
}

/** The `*.events.ts` files of the bounded contexts: libs/<lib>/src/<aggregate>/<name>.events.ts. */
export function eventSourceFiles(root = REPO_ROOT): string[] {
  const files: string[] = [];
  for (const lib of fs.readdirSync(path.join(root, 'libs')).sort()) {
    const src = path.join(root, 'libs', lib, 'src');
    if (!fs.existsSync(src)) continue;
    for (const folder of fs.readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
      for (const file of fs.readdirSync(path.join(src, folder)).sort()) {
        if (file.endsWith('.events.ts')) files.push(path.join('libs', lib, 'src', folder, file));
      }
    }
  }
  return files;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configFile = path.join(root, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(`Cannot read ${configFile}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, { noEmit: true }, configFile);
  return parsed.options;
}

/** `export type X = DomainEvent<'X', …>` declarations of a source file. */
function eventTypeDeclarations(sourceFile: ts.SourceFile): ts.TypeAliasDeclaration[] {
  return sourceFile.statements.filter(
    (statement): statement is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(statement) &&
      (statement.modifiers ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) &&
      ts.isTypeReferenceNode(statement.type) &&
      statement.type.typeName.getText(sourceFile) === 'DomainEvent' &&
      statement.type.typeArguments?.[0] !== undefined &&
      ts.isLiteralTypeNode(statement.type.typeArguments[0]) &&
      ts.isStringLiteral(statement.type.typeArguments[0].literal) &&
      statement.type.typeArguments[0].literal.text === statement.name.text,
  );
}

/** Every `#/definitions/<name>` a schema refers to, followed through the definitions. */
function reachableDefinitions(schema: unknown, definitions: Readonly<Record<string, JsonSchema>>): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
        const name = decodeURIComponent(value.slice('#/definitions/'.length));
        if (!found.has(name)) {
          found.add(name);
          if (!definitions[name]) throw new Error(`Schema generation: #/definitions/${name} is referenced but missing.`);
          visit(definitions[name]);
        }
      } else {
        visit(value);
      }
    }
  };
  visit(schema);
  return [...found].sort();
}

/** A copy of `node` with every `#/definitions/X` reference pointing at `prefix + X`. */
function retarget<T>(node: T, prefix: string): T {
  return JSON.parse(JSON.stringify(node), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/') ? `${prefix}${value.slice('#/definitions/'.length)}` : value,
  ) as T;
}

function pick(definitions: Readonly<Record<string, JsonSchema>>, names: readonly string[]): Record<string, JsonSchema> {
  return Object.fromEntries(names.map((name) => [name, definitions[name]!]));
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Generates every contract file in memory (nothing is written). */
export function generateContracts(root = REPO_ROOT): GeneratedContracts {
  const sources = eventSourceFiles(root);
  const program = ts.createProgram([...sources, ENVELOPE_SOURCE].map((file) => path.join(root, file)), compilerOptions(root));
  const config: CompletedConfig = { ...DEFAULT_CONFIG, expose: 'export', jsDoc: 'extended', topRef: false, encodeRefs: false, additionalProperties: false, skipTypeCheck: true };
  const generator = new SchemaGenerator(program, createParser(program, config), createFormatter(config), config);

  const declarations = sources.flatMap((source) => {
    const sourceFile = program.getSourceFile(path.join(root, source));
    if (!sourceFile) throw new Error(`Schema generation: ${source} is not in the program.`);
    return eventTypeDeclarations(sourceFile).map((declaration) => ({ declaration, source }));
  });
  const envelopeFile = program.getSourceFile(path.join(root, ENVELOPE_SOURCE));
  const envelopeDeclaration = envelopeFile?.statements.find(
    (statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === ENVELOPE_TYPE,
  );
  if (!envelopeDeclaration) throw new Error(`Schema generation: ${ENVELOPE_TYPE} not found in ${ENVELOPE_SOURCE}.`);

  // One root at a time: each answer holds that root's own definition and what it refers to.
  const definitions: Record<string, JsonSchema> = {};
  const rootSchema = (node: ts.Node): JsonSchema => {
    const { definitions: found = {}, $schema: _dialect, ...rootDefinition } = generator.createSchemaFromNodes([node]) as JsonSchema & {
      definitions?: Record<string, JsonSchema>;
    };
    Object.assign(definitions, found);
    return rootDefinition;
  };
  const deref = (schema: JsonSchema): JsonSchema =>
    typeof schema.$ref === 'string' ? definitions[decodeURIComponent(schema.$ref.slice('#/definitions/'.length))] ?? schema : schema;

  const eventTypes: EventTypeContract[] = declarations.map(({ declaration, source }) => {
    const type = declaration.name.text;
    const root = rootSchema(declaration);
    const properties = deref(root).properties as Record<string, JsonSchema> | undefined;
    if (!properties?.data || (properties.type as JsonSchema | undefined)?.const !== type) {
      throw new Error(`Schema generation: ${type} in ${source} is not a DomainEvent<'${type}', {…}>.`);
    }
    return {
      type,
      source,
      description: typeof root.description === 'string' ? root.description : '',
      schemaVersion: LEDGER_UPCASTERS.currentVersionOf(type),
      data: properties.data,
    };
  });
  definitions[ENVELOPE_TYPE] = deref(rootSchema(envelopeDeclaration));
  const duplicate = eventTypes.find((event, index) => eventTypes.findIndex((other) => other.type === event.type) !== index);
  if (duplicate) throw new Error(`Schema generation: event type ${duplicate.type} is declared twice.`);
  eventTypes.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));

  const files = new Map<string, string>();
  for (const event of eventTypes) {
    files.set(`${CONTRACTS_DIR}/events/${event.type}.schema.json`, json(eventDataSchema(event, definitions)));
  }
  files.set(`${CONTRACTS_DIR}/envelope.schema.json`, json(envelopeSchema(definitions)));
  files.set(`${CONTRACTS_DIR}/asyncapi.json`, json(asyncApiDocument(eventTypes, definitions)));
  for (const [file, content] of files) {
    if (/structure-\d|DomainEvent</.test(content)) throw new Error(`Schema generation: ${file} refers to a generated anonymous name.`);
  }
  return { eventTypes, files };
}

function generatedNote(source: string): string {
  return `Generated from ${source} by scripts/generate-contracts.ts (npm run contracts); do not edit.`;
}

function eventDataSchema(event: EventTypeContract, definitions: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const used = reachableDefinitions(event.data, definitions);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:csp-ledger:event-data:${event.type}`,
    title: `${event.type} data`,
    $comment: `${generatedNote(event.source)} Describes metadata.schemaVersion ${event.schemaVersion}.`,
    description: event.description,
    ...event.data,
    ...(used.length > 0 ? { definitions: pick(definitions, used) } : {}),
  };
}

function envelopeSchema(definitions: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const envelope = definitions[ENVELOPE_TYPE]!;
  const used = reachableDefinitions(envelope, definitions);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'urn:csp-ledger:event-envelope',
    title: 'Event envelope',
    $comment: generatedNote(ENVELOPE_SOURCE),
    ...envelope,
    definitions: pick(definitions, used),
  };
}

/** A comma-separated list of `values`, as a regular expression. */
function listPattern(values: readonly string[]): string {
  const one = `(${values.join('|')})`;
  return `^${one}(,${one})*$`;
}

function asyncApiDocument(eventTypes: readonly EventTypeContract[], definitions: Readonly<Record<string, JsonSchema>>): JsonSchema {
  const envelope = definitions[ENVELOPE_TYPE]!;
  const shared = [...new Set([...reachableDefinitions(envelope, definitions), ...eventTypes.flatMap((event) => reachableDefinitions(event.data, definitions))])].sort();
  const toComponents = '#/components/schemas/';
  const schemas: Record<string, unknown> = { [ENVELOPE_TYPE]: retarget(envelope, toComponents) };
  for (const name of shared) schemas[name] = retarget(definitions[name], toComponents);
  for (const event of eventTypes) schemas[`${event.type}Data`] = retarget({ description: event.description, ...event.data }, toComponents);
  const typeNames = eventTypes.map((event) => event.type);
  const categories = ['partner', 'partnership', 'customer', 'subscription', 'mpn', 'tenant'];

  const messages: Record<string, unknown> = {};
  for (const event of eventTypes) {
    messages[event.type] = {
      name: event.type,
      title: event.type,
      summary: event.description.split(/(?<=\.)\s/)[0],
      description: `${event.description}\n\nSchema of \`data\`: contracts/events/${event.type}.schema.json (metadata.schemaVersion ${event.schemaVersion}). Declared in ${event.source}.`,
      contentType: 'application/json',
      headers: {
        type: 'object',
        description: 'The SSE fields of the message besides `data`.',
        properties: {
          id: { type: 'string', pattern: '^[0-9]+$', description: 'The event position; send it back as Last-Event-ID to resume after it.' },
          event: { type: 'string', const: event.type },
        },
        required: ['id', 'event'],
      },
      payload: {
        allOf: [
          { $ref: `${toComponents}${ENVELOPE_TYPE}` },
          {
            type: 'object',
            properties: { type: { type: 'string', const: event.type }, data: { $ref: `${toComponents}${event.type}Data` } },
          },
        ],
      },
      'x-schema-version': event.schemaVersion,
    };
  }

  return {
    asyncapi: '3.0.0',
    id: 'urn:csp-ledger:event-stream',
    info: {
      title: 'CSP relationship ledger — event stream',
      version: '1',
      description:
        'Every fact the ledger records, for backend services (billing, security tooling, CRM sync): partner enrollment, ' +
        'two-tier partnerships, customer reseller relationships and delegated admin privileges (DAP), subscriptions. ' +
        'Delivered as Server-Sent Events over HTTP, in log order, replayed from any position and then live. ' +
        'Each message carries one event envelope; its `data` follows the schema of its type. See docs/event-contract.md.',
    },
    defaultContentType: 'application/json',
    servers: {
      ledger: {
        host: 'localhost:3000',
        protocol: 'http',
        description: 'The ledger API (`npm start`); served documents name the host they were fetched from.',
        security: [{ $ref: '#/components/securitySchemes/bearer' }],
      },
    },
    channels: {
      events: {
        address: STREAM_PATH,
        title: 'The event log',
        description:
          '`GET /v1/events/stream` answers `text/event-stream`. Each event is one SSE message: `id: <position>`, `event: <type>`, ' +
          '`data: <envelope JSON on one line>`. Order is log order; within a connection nothing is skipped or repeated. ' +
          'Start: the `Last-Event-ID` header (resume just after it) if sent, else `from` (a position, exclusive; `start`, the default; or `end`). ' +
          'After the replay the stream stays live. Comment lines (`: heartbeat`) arrive at least every 15 s; a `retry:` line suggests the reconnection delay. ' +
          'A client that reads nothing for 30 s while events wait is disconnected with a closing comment and resumes with Last-Event-ID. ' +
          'Events may be delivered again across connections (after a reconnect from an older id): deduplicate on `eventId` or keep the last position.',
        messages: Object.fromEntries(typeNames.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
      },
    },
    operations: {
      streamEvents: {
        action: 'send',
        channel: { $ref: '#/channels/events' },
        title: 'Stream the log to a subscriber',
        summary: 'The ledger sends each recorded event, replayed then live, to an authenticated service, auditor or program actor.',
        description:
          'Errors before the stream starts are `application/problem+json`: 400 `validation-failed` (query or Last-Event-ID), ' +
          '401 `unauthenticated`, 403 `forbidden` (actor kind other than service, auditor, program), 429 `rate-limited`, 503 `unavailable` (shutting down).',
        security: [{ $ref: '#/components/securitySchemes/bearer' }],
        messages: typeNames.map((type) => ({ $ref: `#/channels/events/messages/${type}` })),
        bindings: {
          http: {
            method: 'GET',
            query: {
              type: 'object',
              additionalProperties: false,
              properties: {
                from: {
                  type: 'string',
                  pattern: '^(start|end|[0-9]{1,16})$',
                  default: 'start',
                  description: 'Where to start without Last-Event-ID: a position (exclusive), `start` or `end`.',
                },
                types: { type: 'string', pattern: listPattern(typeNames), description: 'Only these event types, comma-separated.' },
                categories: {
                  type: 'string',
                  pattern: listPattern(categories),
                  description: 'Only events of streams of these categories (the stream id before its first "-"), comma-separated.',
                },
              },
            },
            bindingVersion: '0.3.0',
          },
        },
        'x-request-headers': {
          type: 'object',
          properties: {
            Authorization: { type: 'string', pattern: '^Bearer .+$', description: 'A bearer JWT of a service, auditor or program actor.' },
            'Last-Event-ID': { type: 'string', pattern: '^[0-9]{1,16}$', description: 'Resume just after this event; wins over `from`.' },
          },
          required: ['Authorization'],
        },
      },
    },
    components: {
      schemas,
      messages,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 JWT with claims sub, kind (service | auditor | program), tid, roles, exp; `npm run ledger -- token --kind service …` mints one.',
        },
      },
    },
  };
}

/** Writes the generated files; removes schema files of event types that no longer exist. Returns what changed. */
export function writeContracts(root = REPO_ROOT): { eventTypes: number; written: string[]; removed: string[]; unchanged: number } {
  const { files, eventTypes } = generateContracts(root);
  const written: string[] = [];
  let unchanged = 0;
  for (const [file, content] of files) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === content) {
      unchanged += 1;
      continue;
    }
    fs.writeFileSync(target, content);
    written.push(file);
  }
  const removed = committedSchemaFiles(root).filter((file) => !files.has(file));
  removed.forEach((file) => fs.rmSync(path.join(root, file)));
  return { eventTypes: eventTypes.length, written, removed, unchanged };
}

/** The `*.schema.json` files currently in contracts/events, relative to the repository root. */
export function committedSchemaFiles(root = REPO_ROOT): string[] {
  const folder = path.join(root, CONTRACTS_DIR, 'events');
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.schema.json'))
    .sort()
    .map((file) => `${CONTRACTS_DIR}/events/${file}`);
}
