/*
 * The event-store contract suite — the same one the SQLite store passes — against a real
 * EventStoreDB, plus what only this adapter does (claims, positions). The server comes from the
 * `esdb` project's global setup (testcontainers); without a Docker engine the whole file is
 * skipped, and the run prints one line saying why. `npm run test:esdb` runs it alone.
 */
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START as ESDB_START } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { ConcurrencyError, DuplicateEventIdError } from '../port';
import type { EventStore, NewEvent } from '../port';
import { createEsdbEventStore } from './esdb-event-store';
import { claimStreamOf } from './event-id-claims';
import { readEsdbE2eEnvironment, skipLine } from './testing/esdb-e2e-environment.test-support';

jest.setTimeout(120_000);

const environment = readEsdbE2eEnvironment();
const describeWithEventStoreDb = environment.available ? describe : describe.skip;
const title = environment.available ? `EventStoreDB adapter on ${environment.server}` : skipLine(environment.reason);
const connectionString = environment.available ? environment.connectionString : 'esdb://unused:2113?tls=false';

describeWithEventStoreDb(title, () => {
  describeEventStoreContract('EventStoreDB', () => {
    const store = createEsdbEventStore({ connectionString });
    return { store, cleanup: () => store.close() };
  });

  describe('EventStoreDB specifics', () => {
    let store: EventStore;
    let client: EventStoreDBClient;
    const tag = (): string => `e2e${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const event = (type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data, metadata: { source: 'e2e' } });

    beforeEach(() => {
      store = createEsdbEventStore({ connectionString });
      client = EventStoreDBClient.connectionString(connectionString);
    });
    afterEach(async () => {
      await store.close();
      await client.dispose();
    });

    it('claims each event id in a bookkeeping stream that reads, subscriptions and the head never show', async () => {
      const start = await store.headPosition();
      const streamId = `${tag()}-order-1`;
      const sent = event();
      const result = await store.append(streamId, [sent], { expectedRevision: 'no-stream' });

      const claims: ResolvedEvent[] = [];
      for await (const resolved of client.readStream(claimStreamOf(sent.id), { direction: FORWARDS, fromRevision: ESDB_START })) claims.push(resolved);
      expect(claims).toHaveLength(1);
      expect(claims[0]!.event).toMatchObject({ type: '_ledger-event-id-claimed', data: { streamId } });

      expect(await store.headPosition()).toBe(result.position);
      const after = await store.readAll({ after: start });
      expect(after.map((e) => e.id)).toContain(sent.id);
      expect(after.every((e) => /^[A-Za-z]/.test(e.streamId) && /^[A-Za-z]/.test(e.type))).toBe(true);
      expect(await store.readStream(claimStreamOf(sent.id))).toEqual([]);
    });

    it("reports each event at its commit position, which equals its prepare position and the server's own", async () => {
      const streamId = `${tag()}-order-2`;
      const sent = [event(), event(), event()];
      await store.append(streamId, sent, { expectedRevision: 'no-stream' });
      const stored = await store.readStream(streamId);
      const raw: AllStreamResolvedEvent[] = [];
      for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 200 })) raw.push(resolved);
      for (const recorded of stored) {
        const own = raw.find((resolved) => resolved.event?.id === recorded.id)!.event!;
        expect(own.position.commit).toBe(own.position.prepare);
        expect(recorded.position).toBe(Number(own.position.commit));
      }
      expect(new Set(stored.map((e) => e.position)).size).toBe(3);
    });

    it('an id offered to a stream whose append was refused stays usable there, and only there', async () => {
      const streamId = `${tag()}-order-3`;
      const sent = event();
      await expect(store.append(streamId, [sent], { expectedRevision: 4 })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.append(streamId, [sent], { expectedRevision: 'no-stream' })).resolves.toMatchObject({ nextExpectedRevision: 0 });
      await expect(store.append(`${streamId}-other`, [sent], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventIdError);
    });

    it("two identical 'any' appends racing store the events once", async () => {
      const streamId = `${tag()}-order-4`;
      await store.append(streamId, [event()], { expectedRevision: 'no-stream' });
      const batch = [event(), event()];
      const [a, b] = await Promise.all([
        store.append(streamId, batch, { expectedRevision: 'any' }),
        store.append(streamId, batch, { expectedRevision: 'any' }),
      ]);
      expect(a).toEqual(b);
      expect((await store.readStream(streamId)).map((e) => e.id)).toEqual([expect.any(String), batch[0]!.id, batch[1]!.id]);
    });
  });
});
