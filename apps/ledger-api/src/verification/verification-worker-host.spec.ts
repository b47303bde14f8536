import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeChainedStore } from '../../../../libs/event-store/src/integrity/testing/tampering';
import { HeadsFile } from './heads-file';
import { verifyInWorker } from './verification-worker-host';

jest.setTimeout(60_000);

/*
 * The API's walk of the embedded store in a worker thread: what it answers, the heads file it
 * writes, a retry with a larger heap when the capped heap runs out, and stopping it.
 */
let dir: string;
let storeFile: string;
let headsFile: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-verify-worker-'));
  storeFile = path.join(dir, 'events.db');
  headsFile = path.join(dir, 'heads.db');
  await writeChainedStore(storeFile, { alpha: 4, beta: 3, gamma: 2 });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('verifyInWorker', () => {
  it('verifies the file in a worker and writes every stream head to the heads file', async () => {
    const summary = await verifyInWorker({ storeFile, headsFile, maxProblems: 10 }, { signal: new AbortController().signal });
    expect(summary).toMatchObject({ ok: true, eventsChecked: 9, streamsChecked: 3, problemCount: 0, headPosition: 9, source: storeFile });
    const heads = new HeadsFile(headsFile);
    expect(heads.page(undefined, 10).map(({ streamId, revision }) => ({ streamId, revision }))).toEqual([
      { streamId: 'alpha', revision: 3 },
      { streamId: 'beta', revision: 2 },
      { streamId: 'gamma', revision: 1 },
    ]);
    heads.discard();
  });

  it('walks again with twice the heap when the capped heap runs out', async () => {
    const retries: Array<{ heapMb: number; retryHeapMb: number }> = [];
    const summary = await verifyInWorker({ storeFile, headsFile, maxProblems: 10 }, { signal: new AbortController().signal, heapMb: 1, onRetry: (retry) => retries.push(retry) });
    expect(summary).toMatchObject({ ok: true, eventsChecked: 9 });
    expect(retries[0]).toEqual({ heapMb: 1, retryHeapMb: 2 });
    retries.forEach((retry, index) => index > 0 && expect(retry.heapMb).toBe(retries[index - 1]!.retryHeapMb));
  });

  it('stops when told to, with the signal\'s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const walking = verifyInWorker({ storeFile, headsFile, maxProblems: 10 }, { signal: controller.signal });
    controller.abort(reason);
    await expect(walking).rejects.toBe(reason);
    await expect(verifyInWorker({ storeFile, headsFile, maxProblems: 10 }, { signal: controller.signal })).rejects.toBe(reason);
  });

  it('answers why it could not verify (no store at that path)', async () => {
    await expect(verifyInWorker({ storeFile: path.join(dir, 'missing.db'), headsFile, maxProblems: 10 }, { signal: new AbortController().signal })).rejects.toThrow(/unable to open|missing/i);
    expect(fs.existsSync(path.join(dir, 'missing.db'))).toBe(false);
  });
});
