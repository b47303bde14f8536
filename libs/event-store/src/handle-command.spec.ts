import { DomainError, conflict } from '@ledger/kernel';
import type { CommandContext, DomainEvent } from '@ledger/kernel';
import { randomUUID } from 'node:crypto';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { COMMAND_EVENT_ID_NAMESPACE, commandEventId, handleCommand } from './handle-command';
import type { CommandSpec } from './handle-command';
import { hashEvent, linkHashOf } from './integrity';
import { eventStoreSource } from './integrity/log-source';
import { verifyEventLog } from './integrity/verify';
import { ConcurrencyError, InvalidEventError } from './port';
import type { EventStore, RecordedEvent } from './port';
import { createSqliteEventStore } from './sqlite/sqlite-event-store';

/** A tiny ledger of tallies: enough domain to drive the pipeline. */
type TallyEvent = DomainEvent<'TallyOpened', { name: string }> | DomainEvent<'TallyIncremented', { by: number }>;
interface TallyState {
  readonly opened: boolean;
  readonly total: number;
}
const initialState: TallyState = { opened: false, total: 0 };
const evolve = (state: TallyState, event: TallyEvent): TallyState =>
  event.type === 'TallyOpened' ? { ...state, opened: true } : { ...state, total: state.total + event.data.by };

const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  commandId: randomUUID(),
  correlationId: 'corr-1',
  actor: { kind: 'partner', tenantId: 'tenant-1', userId: 'user-1', roles: ['global-admin'] },
  now: '2025-01-02T03:04:05.000Z',
  ...overrides,
});

const increment = (by: number): TallyEvent => ({ type: 'TallyIncremented', data: { by } });

function spec(overrides: Partial<CommandSpec<TallyState, TallyEvent>>): CommandSpec<TallyState, TallyEvent> {
  return { streamId: 'tally-1', initialState, evolve, decide: () => [increment(1)], context: context(), ...overrides };
}

describe('handleCommand', () => {
  let store: EventStore;
  beforeEach(() => {
    store = createSqliteEventStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  const given = (...events: TallyEvent[]) =>
    store.append(
      'tally-1',
      events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data, metadata: {} })),
      { expectedRevision: 'any' },
    );

  it('folds the stream, decides, and appends at the exact revision with the command metadata and derived ids', async () => {
    await given({ type: 'TallyOpened', data: { name: 'visits' } }, increment(2));
    const seen: Array<{ state: TallyState; revision: number }> = [];
    const ctx = context({ causationId: 'upstream-7' });

    const result = await handleCommand(
      store,
      spec({
        context: ctx,
        decide: (state, stream) => {
          seen.push({ state, revision: stream.revision });
          return [increment(3), increment(4)];
        },
        schemaVersionOf: (type) => (type === 'TallyIncremented' ? 2 : 1),
      }),
    );

    expect(seen).toEqual([{ state: { opened: true, total: 2 }, revision: 1 }]);
    const stored = await store.readStream('tally-1');
    expect(stored.slice(2).map(({ id, revision, type, data, metadata }) => ({ id, revision, type, data, metadata }))).toEqual(
      [3, 4].map((by, index) => ({
        id: commandEventId(ctx.commandId, index),
        revision: 2 + index,
        type: 'TallyIncremented',
        data: { by },
        metadata: {
          actor: { kind: 'partner', tenantId: 'tenant-1', userId: 'user-1', roles: ['global-admin'] },
          commandId: ctx.commandId,
          correlationId: 'corr-1',
          causationId: 'upstream-7',
          occurredAt: '2025-01-02T03:04:05.000Z',
          schemaVersion: 2,
          // The hash chain link (its values are checked in 'the hash chain' below).
          integrity: expect.objectContaining({ alg: 'sha256' }),
        },
      })),
    );
    expect(result).toEqual({ events: [increment(3), increment(4)], position: stored[3]!.position, nextExpectedRevision: 3 });
  });

  it('folds with spec.fold when there is one, handing it the whole stream in order', async () => {
    await given({ type: 'TallyOpened', data: { name: 'visits' } }, increment(2));
    const folded: TallyEvent[][] = [];
    const seen: TallyState[] = [];
    await handleCommand(
      store,
      spec({
        fold: (events) => {
          folded.push([...events]);
          return { opened: true, total: 40 };
        },
        decide: (state) => {
          seen.push(state);
          return [];
        },
      }),
    );
    expect(folded).toEqual([[{ type: 'TallyOpened', data: { name: 'visits' } }, increment(2)]]);
    expect(seen).toEqual([{ opened: true, total: 40 }]);
  });

  it('creates the stream with revision -1 and defaults causationId to the command id and schemaVersion to 1', async () => {
    const ctx = context();
    let revisionSeen: number | undefined;
    await handleCommand(
      store,
      spec({
        context: ctx,
        decide: (_state, stream) => {
          revisionSeen = stream.revision;
          return [{ type: 'TallyOpened', data: { name: 'n' } }];
        },
      }),
    );
    expect(revisionSeen).toBe(-1);
    const [opened] = await store.readStream('tally-1');
    expect(opened!.metadata).toMatchObject({ causationId: ctx.commandId, schemaVersion: 1 });
  });

  it('records only the four actor fields of domain §6', async () => {
    const actor = { kind: 'partner' as const, tenantId: 't', userId: 'u', roles: ['sales-agent'], token: 'secret' };
    await handleCommand(store, spec({ context: context({ actor }) }));
    const [event] = await store.readStream('tally-1');
    expect(event!.metadata['actor']).toStrictEqual({ kind: 'partner', tenantId: 't', userId: 'u', roles: ['sales-agent'] });
  });

  it('appends nothing when decide returns no events and reports the last position (null without a stream)', async () => {
    expect(await handleCommand(store, spec({ decide: () => [] }))).toEqual({ events: [], position: null, nextExpectedRevision: -1 });
    const existing = await given(increment(1));
    expect(await handleCommand(store, spec({ decide: () => [] }))).toEqual({
      events: [],
      position: existing.position,
      nextExpectedRevision: 0,
    });
    expect(await store.readStream('tally-1')).toHaveLength(1);
  });

  it('re-reads and decides again when a racing writer appended first', async () => {
    await given({ type: 'TallyOpened', data: { name: 'n' } });
    const states: TallyState[] = [];
    const result = await handleCommand(
      store,
      spec({
        decide: async (state) => {
          states.push(state);
          // The racing writer slips its append in between our read and our append, once.
          if (states.length === 1) await given(increment(10));
          return [increment(state.total + 1)];
        },
      }),
    );
    expect(states).toEqual([
      { opened: true, total: 0 },
      { opened: true, total: 10 },
    ]);
    expect((await store.readStream('tally-1')).map((e) => e.data)).toEqual([{ name: 'n' }, { by: 10 }, { by: 11 }]);
    expect(result.nextExpectedRevision).toBe(2);
  });

  it('ten concurrent commands on one stream all succeed, serialized by retries, with no lost update', async () => {
    await given({ type: 'TallyOpened', data: { name: 'n' } });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => handleCommand(store, spec({ maxRetries: 10, decide: () => [increment(i + 1)] }))),
    );
    expect(results.map((r) => r.nextExpectedRevision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const state = (await store.readStream('tally-1')).reduce((s, e) => evolve(s, e as unknown as TallyEvent), initialState);
    expect(state.total).toBe(55);
  });

  it('gives up after maxRetries retries and rethrows the ConcurrencyError, having appended nothing of its own', async () => {
    for (const [maxRetries, attempts] of [[2, 3], [undefined, 6]] as const) {
      let decisions = 0;
      const attempt = handleCommand(
        store,
        spec({
          maxRetries,
          decide: async () => {
            decisions += 1;
            await given(increment(100)); // a writer that always wins
            return [increment(1)];
          },
        }),
      );
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      expect(decisions).toBe(attempts);
    }
    expect((await store.readStream('tally-1')).every((e) => (e.data as { by: number }).by === 100)).toBe(true);
  });

  it('a retried command (same command id) does not append its events twice', async () => {
    const ctx = context();
    const first = await handleCommand(store, spec({ context: ctx, decide: () => [increment(5)] }));
    await given(increment(1)); // something else happened in between
    const retried = await handleCommand(store, spec({ context: ctx, decide: () => [increment(5)] }));
    expect(retried.position).toBe(first.position);
    expect(retried.nextExpectedRevision).toBe(first.nextExpectedRevision);
    expect((await store.readStream('tally-1')).map((e) => e.data)).toEqual([{ by: 5 }, { by: 1 }]);
  });

  it('answers a retried command with its recorded result even where deciding again would refuse it', async () => {
    // The first attempt was recorded but its answer was lost (a crash): the retry must not be
    // decided against a state that already holds its own effect.
    const ctx = context();
    const first = await handleCommand(store, spec({ context: ctx, decide: () => [{ type: 'TallyOpened', data: { name: 'n' } }] }));
    const refusal = conflict('already-open', 'The tally is open.');
    const retried = await handleCommand(store, spec({ context: ctx, decide: () => { throw refusal; } }));
    expect(retried).toEqual({ events: [{ type: 'TallyOpened', data: { name: 'n' } }], position: first.position, nextExpectedRevision: 0 });
    expect(await store.readStream('tally-1')).toHaveLength(1);
  });

  it('runs the commands of one stream one at a time in this process, so none loses a race', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => handleCommand(store, spec({ maxRetries: 0, decide: (state) => [increment(state.total + 1)] }))),
    );
    expect(results.map((result) => result.nextExpectedRevision).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Each decision saw every earlier one: the increments are 1, 2, 4, 8, … (total + 1 each time).
    expect((await store.readStream('tally-1')).map((e) => (e.data as { by: number }).by)).toEqual(Array.from({ length: 20 }, (_, i) => 2 ** i));
  });

  it('lets a DomainError from decide through and appends nothing', async () => {
    const refusal = conflict('tally-closed', 'The tally is closed.');
    await expect(handleCommand(store, spec({ decide: () => { throw refusal; } }))).rejects.toBe(refusal);
    await expect(handleCommand(store, spec({ decide: () => { throw refusal; } }))).rejects.toBeInstanceOf(DomainError);
    expect(await store.readStream('tally-1')).toEqual([]);
  });

  it('does not retry errors other than concurrency conflicts', async () => {
    let decisions = 0;
    const attempt = handleCommand(
      store,
      spec({
        decide: () => {
          decisions += 1;
          return [{ type: 'TallyIncremented', data: { by: Number.NaN } }];
        },
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
    expect(decisions).toBe(1);
  });

  describe('the hash chain (tamper evidence)', () => {
    const integrityOf = (event: RecordedEvent) => event.metadata['integrity'] as { alg: string; prev: string | null; hash: string };
    const recomputed = (event: RecordedEvent) => hashEvent({ ...event, prev: integrityOf(event).prev });

    it('links every appended event to the one before it in the stream, from null at revision 0', async () => {
      await handleCommand(store, spec({ decide: () => [{ type: 'TallyOpened', data: { name: 'n' } }, increment(1)] }));
      await handleCommand(store, spec({ decide: () => [increment(2)] }));
      const stored = await store.readStream('tally-1');
      expect(stored.map((event) => integrityOf(event).prev)).toEqual([null, integrityOf(stored[0]!).hash, integrityOf(stored[1]!).hash]);
      for (const event of stored) {
        expect(integrityOf(event).alg).toBe('sha256');
        expect(integrityOf(event).hash).toMatch(/^[0-9a-f]{64}$/);
        expect(integrityOf(event).hash).toBe(recomputed(event));
      }
      expect((await verifyEventLog(eventStoreSource(store))).ok).toBe(true);
    });

    it('chains from an event written without integrity by the hash of its content', async () => {
      await given({ type: 'TallyOpened', data: { name: 'legacy' } });
      await handleCommand(store, spec({ decide: () => [increment(1)] }));
      const [legacy, chained] = await store.readStream('tally-1');
      expect(integrityOf(chained!).prev).toBe(linkHashOf(legacy!));
      expect(integrityOf(chained!).prev).toBe(hashEvent({ ...legacy!, prev: null }));
      const result = await verifyEventLog(eventStoreSource(store));
      // Only the legacy event is reported; the chain after it holds.
      expect(result.problems.map(({ kind, revision }) => ({ kind, revision }))).toEqual([{ kind: 'unchained', revision: 0 }]);
    });

    it('a retry after losing a race chains from the fresh read, so the chain holds', async () => {
      await handleCommand(store, spec({ decide: () => [{ type: 'TallyOpened', data: { name: 'n' } }] }));
      let attempts = 0;
      // Another process writing the same store: commands of one process on one stream are queued,
      // so only a writer with its own queue can race us.
      const otherProcess = Object.create(store) as EventStore;
      await handleCommand(
        store,
        spec({
          decide: async (state) => {
            attempts += 1;
            // A racing command appends between our read and our append, once.
            if (attempts === 1) await handleCommand(otherProcess, spec({ decide: () => [increment(10)] }));
            return [increment(state.total + 1)];
          },
        }),
      );
      expect(attempts).toBe(2);
      const stored = await store.readStream('tally-1');
      expect(stored).toHaveLength(3);
      expect(integrityOf(stored[2]!).prev).toBe(integrityOf(stored[1]!).hash);
      expect(await verifyEventLog(eventStoreSource(store))).toMatchObject({ ok: true, eventsChecked: 3 });
    });

    it('a retried command (same ids) gets the original result even though its chain would differ now', async () => {
      const ctx = context();
      const first = await handleCommand(store, spec({ context: ctx, decide: () => [increment(5)] }));
      await handleCommand(store, spec({ decide: () => [increment(1)] }));
      const before = await store.readStream('tally-1');
      const retried = await handleCommand(store, spec({ context: ctx, decide: () => [increment(5)] }));
      expect(retried).toEqual({ events: [increment(5)], position: first.position, nextExpectedRevision: first.nextExpectedRevision });
      expect(await store.readStream('tally-1')).toEqual(before);
      expect((await verifyEventLog(eventStoreSource(store))).ok).toBe(true);
    });

    it('many concurrent commands on one stream leave one unbroken chain', async () => {
      await handleCommand(store, spec({ decide: () => [{ type: 'TallyOpened', data: { name: 'n' } }] }));
      await Promise.all(Array.from({ length: 10 }, (_, i) => handleCommand(store, spec({ maxRetries: 20, decide: () => [increment(i)] }))));
      const result = await verifyEventLog(eventStoreSource(store));
      expect(result).toMatchObject({ ok: true, eventsChecked: 11, streamsChecked: 1 });
      const stored = await store.readStream('tally-1');
      expect(result.heads).toEqual({ 'tally-1': { revision: 10, hash: integrityOf(stored[10]!).hash } });
    });
  });

  describe('commandEventId', () => {
    it('is a version-5 UUID in a fixed namespace, stable per command id and index', () => {
      const id = commandEventId('cmd-1', 0);
      expect(isUuid(id) && uuidVersion(id)).toBe(5);
      expect(commandEventId('cmd-1', 0)).toBe(id);
      expect(commandEventId('cmd-1', 1)).not.toBe(id);
      expect(commandEventId('cmd-2', 0)).not.toBe(id);
      // Pinned: changing the namespace or the name format would break the idempotency of retries.
      expect(COMMAND_EVENT_ID_NAMESPACE).toBe('b9b84a16-a82b-4997-93c7-7f5d4fe2c8f6');
      expect(commandEventId('00000000-0000-4000-8000-000000000000', 0)).toBe('943648a9-2dfb-526e-bfba-da69fa68d8c6');
    });
  });
});
