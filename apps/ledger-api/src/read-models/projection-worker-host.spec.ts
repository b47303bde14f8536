import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { allProjections, getPartner, openReadModelDatabase, type ReadModelDb, readModelDatabasePath } from '@ledger/projections';
import { approvedPartner, id, partnerStream } from '../../../../projections/testing/events';
import { appendTo } from '../../../../projections/testing/store';
import { commitSignalsOf } from '../event-store/open-event-store';
import type { ReadModelsLogger } from './ledger-read-models';
import { ProjectionWorker, restartAttemptAfterExit, servingCheckpoints } from './projection-worker-host';

/*
 * The projection runner in a worker thread (projection-worker.ts, loaded as TypeScript through
 * @swc-node/register as `npm start` runs it), driven from this thread as the API drives it.
 */

jest.setTimeout(60_000);

interface LogLine {
  readonly level: string;
  readonly details: object;
  readonly message: string;
}

/** Polls `condition` until it holds (at most `timeoutMs`): for what happens on another thread. */
async function eventually(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('The condition did not hold in time.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ProjectionWorker', () => {
  let dir: string;
  let store: EventStore;
  let worker: ProjectionWorker | undefined;
  let db: ReadModelDb | undefined;
  let logs: LogLine[];

  const logger: ReadModelsLogger = {
    debug: (details, message) => logs.push({ level: 'debug', details, message }),
    info: (details, message) => logs.push({ level: 'info', details, message }),
    warn: (details, message) => logs.push({ level: 'warn', details, message }),
    error: (details, message) => logs.push({ level: 'error', details, message }),
  };

  /**
   * A worker on `dir` whose store never polls: only commit signals make it read new events. Its
   * store's file is not `<dir>/events.db`, as with createApp's `store`.
   */
  function createWorker(): ProjectionWorker {
    worker = new ProjectionWorker({
      data: { config: { eventStore: 'sqlite', dataDir: dir }, storeFile: path.join(dir, 'given-log.db'), pollIntervalMs: 3_600_000 },
      projections: allProjections,
      logger,
      headPosition: () => store.headPosition(),
      // This thread's read connection, opened once the file exists (as the API's is before the worker starts).
      checkpoints: () => (fs.existsSync(readModelDatabasePath(dir)) ? servingCheckpoints((db ??= openReadModelDatabase(readModelDatabasePath(dir)))) : new Map()),
      restartDelayMs: { base: 200, max: 200 },
    });
    commitSignalsOf(store)!.onAppendsCommitted(() => worker?.notifyAppended());
    return worker;
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projection-worker-'));
    store = createSqliteEventStore({ path: path.join(dir, 'given-log.db'), durable: false });
    logs = [];
    worker = undefined;
    db = undefined;
  });

  afterEach(async () => {
    await worker?.stop();
    db?.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies committed events in the worker, signalled by the store’s commits; this thread reads the result', async () => {
    await createWorker().start();
    const partnerId = id('partner-1');
    const position = await appendTo(store, partnerStream(partnerId), approvedPartner(partnerId, 'direct-provider'));

    // The worker's store never polls: only the forwarded commit signal can bring it the events.
    expect(await worker!.waitForPosition(position, 30_000)).toBe(true);
    db ??= openReadModelDatabase(readModelDatabasePath(dir));
    expect(getPartner(db, partnerId)).toMatchObject({ partnerId, status: 'approved' });

    const status = await worker!.status();
    expect(status.running).toBe(true);
    expect(status.headPosition).toBe(position);
    expect(status.projections.map((projection) => [projection.name, projection.state, projection.checkpoint])).toEqual(
      allProjections.map((projection) => [projection.name, 'running', position]),
    );
    // The runner's own log lines come through this thread's logger.
    expect(logs).toContainEqual(expect.objectContaining({ level: 'info', message: 'rebuilding projections' }));
  });

  it('follows the store file it is given, when it rebuilds and live, and creates no <dataDir>/events.db', async () => {
    const before = id('partner-before');
    await appendTo(store, partnerStream(before), approvedPartner(before, 'direct-provider'));
    await createWorker().start();
    const after = id('partner-after');
    const position = await appendTo(store, partnerStream(after), approvedPartner(after, 'direct-provider'));

    expect(await worker!.waitForPosition(position, 30_000)).toBe(true);
    db ??= openReadModelDatabase(readModelDatabasePath(dir));
    expect(getPartner(db, before)).toMatchObject({ partnerId: before, status: 'approved' });
    expect(getPartner(db, after)).toMatchObject({ partnerId: after, status: 'approved' });
    expect(fs.existsSync(path.join(dir, 'events.db'))).toBe(false);
  });

  it('answers a wait for a position the read models do not reach with false once its time is up', async () => {
    await createWorker().start();
    expect(await worker!.waitForPosition(1_000, 50)).toBe(false);
    expect(await worker!.waitForPosition(0, 50, ['audit-log'])).toBe(true);
    await expect(worker!.waitForPosition(0, 50, ['no-such-projection'])).rejects.toThrow(/no-such-projection/);
  });

  it('restarts a worker that died, logging it; meanwhile the status says the runner is not running', async () => {
    await createWorker().start();
    const first = id('partner-1');
    const reached = await appendTo(store, partnerStream(first), approvedPartner(first, 'direct-provider'));
    expect(await worker!.waitForPosition(reached, 30_000)).toBe(true);
    const thread = (worker as unknown as { worker: Worker }).worker;
    await thread.terminate();

    const meanwhile = await worker!.status();
    expect(meanwhile.running).toBe(false);
    expect(meanwhile.projections.every((projection) => projection.error?.includes('exited'))).toBe(true);
    // What the tables hold, read from read-models.db: the checkpoints, and waits they answer.
    expect(meanwhile.projections.map((projection) => projection.checkpoint)).toEqual(allProjections.map(() => reached));
    expect(await worker!.waitForPosition(reached, 1_000)).toBe(true);
    expect(await worker!.waitForPosition(1_000, 1_000)).toBe(false);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', message: 'The projection worker stopped unexpectedly; restarting it' }));

    await eventually(() => logs.some((line) => line.message === 'Projection worker restarted'));
    const partnerId = id('partner-2');
    const position = await appendTo(store, partnerStream(partnerId), approvedPartner(partnerId, 'direct-provider'));
    expect(await worker!.waitForPosition(position, 30_000)).toBe(true);
    expect((await worker!.status()).running).toBe(true);
  });

  it('stops: a pending wait answers false, the thread ends and is not restarted', async () => {
    await createWorker().start();
    const thread = (worker as unknown as { worker: Worker }).worker;
    const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
    const pending = worker!.waitForPosition(1_000, 30_000);
    await worker!.stop();
    expect(await pending).toBe(false);
    expect(await exited).toBe(0);
    const status = await worker!.status();
    expect(status.running).toBe(false);
    expect(status.projections.every((projection) => projection.state === 'stopped')).toBe(true);
    expect(logs.some((line) => line.level === 'error')).toBe(false);
  });

  it('rejects start with the worker’s error when its runner cannot start', async () => {
    // A directory where the read-model database should be: SQLite cannot open it.
    fs.mkdirSync(readModelDatabasePath(dir));
    await expect(createWorker().start()).rejects.toThrow(/directory|unable to open|SQLITE_CANTOPEN/i);
  });
});

describe('the projection worker’s restart back-off', () => {
  it('starts over only after a runner that had been running a minute; a worker dying while starting keeps doubling', () => {
    expect(restartAttemptAfterExit(3, 61_000)).toBe(0);
    expect(restartAttemptAfterExit(3, 59_000)).toBe(3);
    expect(restartAttemptAfterExit(3, null)).toBe(3); // died before its runner started, however long ago the last one did
  });
});
