import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RequestValidationError } from '../errors/problem-details';
import { HeadsFile, writeHeadsFile } from './heads-file';
import { decodeHeadsCursor, encodeHeadsCursor, pageOfHeads } from './heads-page';
import { loadVerificationSettings, VERIFICATION_DEFAULTS } from './verification.settings';

describe('verification settings', () => {
  it('defaults to a run at startup and then every hour', () => {
    expect(loadVerificationSettings({})).toEqual(VERIFICATION_DEFAULTS);
    expect(VERIFICATION_DEFAULTS).toMatchObject({ intervalMs: 3_600_000, onStartup: true });
  });

  it('reads LEDGER_VERIFY_INTERVAL_MS (0 turns periodic runs off) and LEDGER_VERIFY_ON_START', () => {
    expect(loadVerificationSettings({ LEDGER_VERIFY_INTERVAL_MS: '0', LEDGER_VERIFY_ON_START: 'false' })).toMatchObject({ intervalMs: 0, onStartup: false });
    expect(loadVerificationSettings({ LEDGER_VERIFY_INTERVAL_MS: ' 60000 ', LEDGER_VERIFY_ON_START: 'TRUE' })).toMatchObject({ intervalMs: 60_000, onStartup: true });
  });

  it('refuses invalid values, naming each', () => {
    expect(() => loadVerificationSettings({ LEDGER_VERIFY_INTERVAL_MS: '500', LEDGER_VERIFY_ON_START: 'maybe' })).toThrow(
      /LEDGER_VERIFY_INTERVAL_MS must be 0 \(off\) or an integer from 1000[\s\S]*LEDGER_VERIFY_ON_START must be true or false/,
    );
    for (const bad of ['-1', '1h', '1e6', String(2 ** 31)]) expect(() => loadVerificationSettings({ LEDGER_VERIFY_INTERVAL_MS: bad })).toThrow();
  });
});

describe('paging the stream heads', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const heads = ids.map((streamId, revision) => ({ streamId, revision, hash: createHash('sha256').update(streamId).digest('hex') }));
  let dir: string;
  let verification: { id: string; heads: HeadsFile };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-heads-'));
    writeHeadsFile(path.join(dir, 'v-1.db'), heads);
    verification = { id: 'v-1', heads: new HeadsFile(path.join(dir, 'v-1.db')) };
  });
  afterEach(() => {
    verification.heads.discard();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every head in the file, and discarding it deletes the file', () => {
    expect(verification.heads.page(undefined, 10)).toEqual(heads);
    verification.heads.discard();
    expect(fs.existsSync(path.join(dir, 'v-1.db'))).toBe(false);
  });

  it('walks every head once, in stream id order, page by page', () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = pageOfHeads(verification, after, 2);
      seen.push(...page.items.map((head) => head.streamId));
      if (page.nextCursor === null) break;
      const cursor = decodeHeadsCursor(page.nextCursor);
      expect(cursor.verificationId).toBe('v-1');
      after = cursor.afterStreamId;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('has no next page when the last one is exactly full, and resumes after a stream id that is gone', () => {
    expect(pageOfHeads(verification, 'c', 2)).toEqual({ items: heads.slice(3), nextCursor: null });
    expect(pageOfHeads(verification, 'bb', 1).items).toEqual([heads[2]]);
    expect(pageOfHeads(verification, 'z', 10)).toEqual({ items: [], nextCursor: null });
  });

  it('refuses cursors it did not hand out', () => {
    for (const text of ['', 'not-base64-json', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => decodeHeadsCursor(text)).toThrow(RequestValidationError);
    }
    expect(decodeHeadsCursor(encodeHeadsCursor({ verificationId: 'v', afterStreamId: 'customer-1' }))).toEqual({ verificationId: 'v', afterStreamId: 'customer-1' });
  });
});
