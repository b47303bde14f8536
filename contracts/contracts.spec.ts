import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { executeRevokeDelegatedAdminPrivileges } from '@ledger/customers';
import { executeEndPartnership } from '@ledger/partnerships';
import { executeCancelSubscription, executeRecordSubscription } from '@ledger/subscriptions';
import { randomUUID } from 'node:crypto';
import { PUBLISHED_EVENT_TYPES } from '../apps/ledger-api/src/events-stream/event-catalogue';
import { toEnvelope } from '../apps/ledger-api/src/events-stream/sse-format';
import { LEDGER_UPCASTERS, withUpcasting } from '../libs/event-store/src/upcasting';
import { committedSchemaFiles, CONTRACTS_DIR, generateContracts, type GeneratedContracts, REPO_ROOT } from '../scripts/contracts-generator';
import { customerAdminActor, LedgerSeed, partnerActor, SEED_PROGRAM_ACTOR, seedContext } from '../test/support/customer-seed';
import { ContractValidator } from './contract-validator';

jest.setTimeout(30_000);

// Generated once for the whole file: it compiles the event sources with TypeScript (about a second).
let generated: GeneratedContracts;
beforeAll(() => {
  generated = generateContracts();
});

const committed = (file: string): string | undefined => {
  const target = path.join(REPO_ROOT, file);
  return fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
};
const asyncApi = (): Record<string, any> => JSON.parse(committed(`${CONTRACTS_DIR}/asyncapi.json`)!); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the committed contract matches the TypeScript types (drift check)', () => {
  it('every generated file is committed with exactly the generated content', () => {
    const stale = [...generated.files].filter(([file, content]) => committed(file) !== content).map(([file]) => file);
    // When this fails: run `npm run contracts` and commit contracts/.
    expect(stale).toEqual([]);
  });

  it('no schema file is left for an event type that no longer exists', () => {
    expect(committedSchemaFiles().filter((file) => !generated.files.has(file))).toEqual([]);
  });

  it('the schemas cover exactly the event types the stream publishes (and the types= filter accepts)', () => {
    expect(generated.eventTypes.map((event) => event.type)).toEqual([...PUBLISHED_EVENT_TYPES].sort());
  });

  it('each schema states the schemaVersion writers record, from the upcaster registry', () => {
    const registered = generated.eventTypes.find((event) => event.type === 'CustomerRegistered')!;
    expect(registered.schemaVersion).toBe(LEDGER_UPCASTERS.currentVersionOf('CustomerRegistered'));
    expect(registered.schemaVersion).toBe(2);
    expect(JSON.parse(committed(`${CONTRACTS_DIR}/events/CustomerRegistered.schema.json`)!).properties.registeredBy.enum).toEqual(['partner', 'customer']);
  });
});

describe('the schemas are usable', () => {
  it('each compiles with ajv in strict mode', () => {
    const validator = new ContractValidator();
    expect(validator.eventTypes()).toEqual(generated.eventTypes.map((event) => event.type));
    for (const type of validator.eventTypes()) {
      expect(validator.problemsOf({ type, data: {} })).not.toContain(`no schema for event type ${type}`);
    }
  });

  it('refuse what the types refuse: a missing field, an extra field, a wrong enum value', () => {
    const validator = new ContractValidator();
    const envelope = (data: unknown) => ({
      position: '7',
      streamId: 'partnership-a-b',
      revision: 2,
      eventId: randomUUID(),
      type: 'PartnershipEnded',
      data,
      metadata: { actor: { kind: 'partner', tenantId: 'a', userId: 'u', roles: [] }, commandId: 'c', correlationId: 'r', causationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
      recordedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(validator.problemsOf(envelope({ providerId: 'a', resellerId: 'b', endedBy: 'provider', reason: 'done' }))).toEqual([]);
    expect(validator.problemsOf(envelope({ providerId: 'a', resellerId: 'b', endedBy: 'provider' })).join()).toMatch(/reason/);
    expect(validator.problemsOf(envelope({ providerId: 'a', resellerId: 'b', endedBy: 'provider', reason: 'x', extra: 1 })).join()).toMatch(/additional/);
    expect(validator.problemsOf(envelope({ providerId: 'a', resellerId: 'b', endedBy: 'customer', reason: 'x' })).join()).toMatch(/allowed values/);
    expect(validator.problemsOf({ ...envelope({}), position: 7 }).join()).toMatch(/position/);
  });

  it('real events recorded by the domain, read through the upcasters, validate (envelope and data)', async () => {
    const raw: EventStore = createSqliteEventStore({ path: ':memory:' });
    const store = withUpcasting(raw, LEDGER_UPCASTERS);
    try {
      const seed = new LedgerSeed(raw);
      const provider = await seed.partner({ partnerType: 'indirect-provider' });
      const reseller = await seed.partner({ partnerType: 'indirect-reseller' });
      await seed.partnership(provider.partnerId, reseller.partnerId);
      const customerId = await seed.customer();
      await seed.relationship(customerId, reseller.partnerId, { dap: true });
      await seed.removeRelationship(customerId, reseller.partnerId);
      await executeRevokeDelegatedAdminPrivileges(raw, {
        type: 'RevokeDelegatedAdminPrivileges',
        data: { customerId, partnerId: reseller.partnerId },
        context: seedContext(customerAdminActor(customerId)),
      });
      const subscriptionId = randomUUID();
      await executeRecordSubscription(raw, {
        type: 'RecordSubscription',
        data: { subscriptionId, customerId, offer: 'Office 365 E3', billing: 'license', channel: 'direct' },
        context: seedContext(SEED_PROGRAM_ACTOR),
      });
      await executeCancelSubscription(raw, { type: 'CancelSubscription', data: { subscriptionId }, context: seedContext(customerAdminActor(customerId)) });
      await executeEndPartnership(raw, {
        type: 'EndPartnership',
        data: { providerId: provider.partnerId, resellerId: reseller.partnerId, reason: 'Contract over' },
        context: seedContext(partnerActor(provider.partnerId)),
      });

      const validator = new ContractValidator();
      const envelopes = (await store.readAll()).map(toEnvelope);
      const problems = envelopes.flatMap((envelope) => validator.problemsOf(envelope).map((problem) => `${envelope.type}@${envelope.position}: ${problem}`));
      expect(problems).toEqual([]);
      expect(new Set(envelopes.map((envelope) => envelope.type)).size).toBeGreaterThanOrEqual(15);
      expect(envelopes.find((envelope) => envelope.type === 'CustomerRegistered')?.data).toMatchObject({ registeredBy: 'customer' });
    } finally {
      await store.close();
    }
  });
});

describe('the AsyncAPI document', () => {
  it('is AsyncAPI 3.0 with the SSE channel, its bearer security, and one message per event type', () => {
    const document = asyncApi();
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.channels.events.address).toBe('/v1/events/stream');
    expect(Object.keys(document.channels.events.messages).sort()).toEqual([...PUBLISHED_EVENT_TYPES].sort());
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operation = document.operations.streamEvents;
    expect(operation.channel.$ref).toBe('#/channels/events');
    expect(Object.keys(operation.bindings.http.query.properties)).toEqual(['from', 'types', 'categories']);
    expect(Object.keys(operation['x-request-headers'].properties)).toEqual(['Authorization', 'Last-Event-ID']);
    for (const [name, message] of Object.entries<Record<string, unknown>>(document.components.messages)) expect(message.name).toBe(name);
  });

  it('has no dangling $ref', () => {
    const document = asyncApi();
    const dangling: string[] = [];
    const resolve = (pointer: string): unknown =>
      pointer
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && resolve(value) === undefined) dangling.push(value);
        else visit(value);
      }
    };
    visit(document);
    expect(dangling).toEqual([]);
  });

  it('its message payloads validate real envelopes and refuse a mismatched type', () => {
    const document = asyncApi();
    // The components' schemas are JSON Schema; ajv reads them through a wrapper with the same pointers.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'urn:csp-ledger:asyncapi', components: { schemas: document.components.schemas } });
    const payloadOf = (type: string) => ajv.compile(retargetPayload(document.components.messages[type].payload));
    const envelope = {
      position: '12',
      streamId: 'customer-c',
      revision: 0,
      eventId: randomUUID(),
      type: 'ResellerRelationshipEstablished',
      data: { customerId: 'c', partnerId: 'p', requestId: 'r' },
      metadata: { actor: { kind: 'customer', tenantId: 'c', userId: 'u', roles: ['global-admin'] }, commandId: 'x', correlationId: 'y', causationId: 'x', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
      recordedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(payloadOf('ResellerRelationshipEstablished')(envelope)).toBe(true);
    expect(payloadOf('DelegatedAdminPrivilegesRevoked')(envelope)).toBe(false);
  });
});

/** The payload's `#/components/…` references, made absolute against the wrapper schema. */
function retargetPayload(payload: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(payload), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `urn:csp-ledger:asyncapi${value}` : value,
  ) as Record<string, unknown>;
}
