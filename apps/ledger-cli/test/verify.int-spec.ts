import * as fs from 'node:fs';
import * as path from 'node:path';
import { rechain, rowOf, tamper, writeChainedStore } from '../../../libs/event-store/src/integrity/testing/tampering';
import { makeTempDir } from '../../ledger-api/test/support/app-process';
import { runLedger as ledger } from './support/run-ledger';

jest.setTimeout(60_000);

/*
 * `ledger verify` as a child process, the way `npm run ledger -- verify` runs it, on store files
 * changed behind the store's back. Layout {alpha: 4, beta: 3, gamma: 2}, written round-robin:
 *   1 alpha/0  2 beta/0  3 gamma/0  4 alpha/1  5 beta/1  6 gamma/1  7 alpha/2  8 beta/2  9 alpha/3
 */

let dataDir: string;
let file: string;
beforeEach(async () => {
  dataDir = makeTempDir('ledger-verify-cli-');
  file = path.join(dataDir, 'events.db');
  await writeChainedStore(file, { alpha: 4, beta: 3, gamma: 2 });
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const verify = (...extra: string[]) => ledger(['verify', '--data-dir', dataDir, ...extra]);

describe('ledger verify', () => {
  it('exits 0 on an untouched store and says so, without a progress bar off a terminal', async () => {
    const run = await verify();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Intact: 9 events in 3 streams up to position 9 of .*events\.db \(checked .*\); every hash chain holds\.\n$/);
    expect(run.stderr).toBe('');
  });

  it('prints the whole result as JSON with every stream head', async () => {
    const run = await verify('--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: true, eventsChecked: 9, streamsChecked: 3, problems: [], headPosition: 9 });
    tamper(file, (db) => {
      expect(result.heads.alpha).toEqual({ revision: 3, hash: (JSON.parse(rowOf(db, 'alpha', 3).metadata) as { integrity: { hash: string } }).integrity.hash });
    });
  });

  const cases: Array<{ name: string; change: string; expected: string[] }> = [
    {
      name: 'modified data',
      change: "UPDATE events SET data = json_set(data, '$.note', 'rewritten') WHERE stream_id = 'beta' AND revision = 1",
      expected: ['modified: beta revision 1 (position 5): the content does not match its hash'],
    },
    {
      name: 'a deleted event in the middle',
      change: "DELETE FROM events WHERE stream_id = 'alpha' AND revision = 2",
      expected: ['position-gap: (log) (position 7): position 7 is missing: a row was deleted', 'missing-revision: alpha revision 2: revision 2 is missing'],
    },
    {
      name: "a deleted last event of the log",
      change: "DELETE FROM events WHERE stream_id = 'alpha' AND revision = 3",
      expected: ['truncated-log: (log) (position 9): the store handed out positions up to 9 but its last row is at 8'],
    },
    {
      name: 'two events with their revisions swapped',
      change:
        "UPDATE events SET revision = -1 WHERE stream_id = 'alpha' AND revision = 1; " +
        "UPDATE events SET revision = 1 WHERE stream_id = 'alpha' AND revision = 2; " +
        "UPDATE events SET revision = 2 WHERE stream_id = 'alpha' AND revision = -1",
      expected: [
        'modified: alpha revision 2 (position 4)',
        'modified: alpha revision 1 (position 7)',
        'reordered: alpha revision 1 (position 7): revision 1 is stored after revision 2 of its stream',
        'broken-link: alpha revision 3 (position 9)',
      ],
    },
    {
      name: 'two events moved to each other\'s position',
      change: 'UPDATE events SET position = -4 WHERE position = 4; UPDATE events SET position = 4 WHERE position = 7; UPDATE events SET position = 7 WHERE position = -4',
      expected: ['reordered: alpha revision 1 (position 7)'],
    },
    {
      name: 'the data of two events swapped',
      change:
        'CREATE TEMP TABLE swapped AS SELECT position, data FROM events WHERE position IN (3, 6); ' +
        'UPDATE events SET data = (SELECT data FROM swapped WHERE swapped.position = 9 - events.position) WHERE position IN (3, 6)',
      expected: ['modified: gamma revision 0 (position 3)', 'modified: gamma revision 1 (position 6)'],
    },
    {
      name: 'an event stripped of its hash',
      change: "UPDATE events SET metadata = json_remove(metadata, '$.integrity') WHERE stream_id = 'beta' AND revision = 1",
      expected: ['unchained: beta revision 1 (position 5): the event carries no metadata.integrity', 'broken-link: beta revision 2 (position 8)'],
    },
  ];

  it.each(cases)('finds $name, with the stream and revision, and exits 1', async ({ change, expected }) => {
    tamper(file, (db) => db.exec(change));
    const run = await verify();
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${expected.length} problems? found in \\d+ events in 3 streams up to position \\d+ of `));
    expect(lines).toHaveLength(expected.length + 1);
    expected.forEach((text, index) => expect(lines[index + 1]).toContain(text));
    // The same through --json: every problem with its stream and revision.
    const json = await verify('--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).problems).toHaveLength(expected.length);
  });

  it('checks anchors (heads published earlier): a chain recomputed to its end is caught only with them', async () => {
    const anchors = path.join(dataDir, 'heads.json');
    fs.writeFileSync(anchors, (await verify('--json')).stdout);
    tamper(file, (db) => {
      db.prepare("UPDATE events SET data = json_set(data, '$.note', 'history rewritten') WHERE stream_id = 'gamma' AND revision = 0").run();
      rechain(db, 'gamma', 0);
    });
    expect((await verify()).code).toBe(0);
    const run = await verify('--anchors', anchors);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('anchor-mismatch: gamma revision 1 (position 6): the anchored head had hash');
    // The API's answer shape works as anchors too.
    const apiShape = path.join(dataDir, 'api-heads.json');
    const heads = JSON.parse(fs.readFileSync(anchors, 'utf8')).heads as Record<string, { revision: number; hash: string }>;
    fs.writeFileSync(apiShape, JSON.stringify({ ok: true, heads: Object.entries(heads).map(([streamId, head]) => ({ streamId, ...head })) }));
    expect((await verify('--anchors', apiShape)).stdout).toContain('anchor-mismatch: gamma revision 1');
  });

  it('verifies another file with --file', async () => {
    const other = path.join(makeTempDir('ledger-verify-cli-'), 'copy.db');
    fs.copyFileSync(file, other);
    const run = await ledger(['verify', '--file', other]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`of ${other}`);
  });

  it('exits 2 on usage errors, and never creates a store', async () => {
    const empty = makeTempDir('ledger-verify-cli-');
    const missing = await ledger(['verify', '--data-dir', empty]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`error: no event store at ${path.join(empty, 'events.db')}`);
    expect(fs.readdirSync(empty)).toEqual([]);
    expect((await verify('--no-such-option')).code).toBe(2);
    expect((await verify('--max-problems', 'many')).code).toBe(2);
    const badAnchors = path.join(dataDir, 'bad.json');
    fs.writeFileSync(badAnchors, '{"heads": 3}');
    const anchors = await verify('--anchors', badAnchors);
    expect(anchors.code).toBe(2);
    expect(anchors.stderr).toContain('cannot read anchors');
    const notAStore = path.join(dataDir, 'not-a-store.db');
    fs.writeFileSync(notAStore, 'plain text');
    expect((await ledger(['verify', '--file', notAStore])).code).toBe(2);
    const help = await ledger(['verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--data-dir[\s\S]*--file[\s\S]*--anchors[\s\S]*--json/);
  });
});
