import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createSqliteEventStore } from '@ledger/event-store';
import type { RecordedEvent } from '@ledger/event-store';
import { makeTempDir } from '../../ledger-api/test/support/app-process';
import { runLedger as ledger } from './support/run-ledger';

jest.setTimeout(60_000);

async function seedSource(file: string): Promise<RecordedEvent[]> {
  const store = createSqliteEventStore({ path: file });
  const event = (type: string, data: unknown = {}) => ({ id: randomUUID(), type, data, metadata: { commandId: randomUUID() } });
  await store.append('partner-1', [event('PartnerEnrolled', { name: 'Contoso' }), event('PartnerApproved')], { expectedRevision: 'no-stream' });
  await store.append('customer-1', [event('CustomerRegistered', { domain: 'fabrikam.example' })], { expectedRevision: 'no-stream' });
  await store.append('partner-1', [event('PartnerUserAdded', { roles: ['admin-agent'] })], { expectedRevision: 1 });
  const all = await store.readAll();
  await store.close();
  return all;
}

async function readAllOf(file: string): Promise<RecordedEvent[]> {
  const store = createSqliteEventStore({ path: file });
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

const essence = (events: RecordedEvent[]): unknown[] => events.map(({ id, streamId, revision, type, data, metadata }) => ({ id, streamId, revision, type, data, metadata }));

describe('ledger copy', () => {
  it('documents itself', async () => {
    const help = await ledger(['copy', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--from <store>[\s\S]*--to <store>[\s\S]*--connection[\s\S]*--max-append-bytes[\s\S]*--no-progress/);
    expect(help.stdout).toContain('copy --from sqlite:./data/events.db --to esdb');
  });

  it('copies an embedded store into another, then finds nothing left to copy', async () => {
    const dir = makeTempDir('ledger-copy-');
    const from = path.join(dir, 'events.db');
    const sourceEvents = await seedSource(from);

    const target = path.join(dir, 'copy', 'events.db');
    const first = await ledger(['copy', '--from', `sqlite:${from}`, '--to', `sqlite:${target}`, '--no-progress']);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/^Copied 4 events \(0 already there\) in 3 appends across 2 streams from sqlite:.*events\.db to sqlite:.*copy\/events\.db in [\d.]+ s\.\n$/);
    expect(first.stderr).toContain('Copying sqlite:');
    expect(essence(await readAllOf(target))).toEqual(essence(sourceEvents));

    const again = await ledger(['copy', '--from', `sqlite:${from}`, '--to', `sqlite:${target}`, '--no-progress']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Copied 0 events \(4 already there\) in 0 appends/);
  });

  it('explains what is missing or wrong in one line, exit 1', async () => {
    const dir = makeTempDir('ledger-copy-');
    const from = `sqlite:${path.join(dir, 'events.db')}`;
    await seedSource(path.join(dir, 'events.db'));

    const noConnection = await ledger(['copy', '--from', from, '--to', 'esdb', '--no-progress']);
    expect(noConnection).toMatchObject({ code: 1, stdout: '' });
    expect(noConnection.stderr).toBe('error: esdb needs a connection string: --connection esdb://host:2113?tls=false, or ESDB_CONNECTION_STRING.\n');

    const same = await ledger(['copy', '--from', from, '--to', from, '--no-progress']);
    expect(same.stderr).toBe('error: --from and --to name the same store.\n');

    const unreachable = await ledger(['copy', '--from', from, '--to', 'esdb', '--no-progress'], { ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^Copying sqlite:.* → EventStoreDB esdb:\/\/127\.0\.0\.1:1…\nerror: EventStoreDB is unreachable \(.*\): .*UNAVAILABLE.*run the same command again\)\.\n$/);
  });
});
