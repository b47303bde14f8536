import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyInWorker } from '../verification/verification-worker-host';
import { deserializeError, serializeError } from './errors';

describe('errors across a worker thread', () => {
  it('keep their name, message and stack; a thrown non-Error becomes an Error with its text', () => {
    const original = new RangeError('out of range');
    const copy = deserializeError(structuredClone(serializeError(original)));
    expect(copy).toBeInstanceOf(Error);
    expect({ name: copy.name, message: copy.message, stack: copy.stack }).toEqual({ name: 'RangeError', message: 'out of range', stack: original.stack });
    expect(deserializeError(serializeError('plain text'))).toMatchObject({ name: 'Error', message: 'plain text' });
  });

  it('reach the verification worker’s caller with the worker’s error name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-errors-'));
    try {
      const job = { storeFile: path.join(dir, 'missing.db'), headsFile: path.join(dir, 'heads'), maxProblems: 10 };
      const error = await verifyInWorker(job, { signal: new AbortController().signal }).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ name: 'SqliteError', message: expect.stringMatching(/unable to open/i) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
