import * as path from 'node:path';
import { pathAliases, refusedFlags, startWorker, withoutFlags, withoutTypeScriptLoader } from './typescript-worker';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

describe('worker threads on TypeScript', () => {
  it('drop the inherited @swc-node/register loader and keep every other option', () => {
    expect(withoutTypeScriptLoader(['-r', '@swc-node/register', '--cpu-prof', '--require', '@swc-node/register/index', '--require=@swc-node/register', '-r', 'other-preload'])).toEqual([
      '--cpu-prof',
      '-r',
      'other-preload',
    ]);
  });

  it('drop the flags Node names as refused, with their values', () => {
    const refused = Object.assign(new Error('Initiated Worker with invalid execArgv flags: --expose-gc, --max-old-space-size=256, --title'), {
      code: 'ERR_WORKER_INVALID_EXEC_ARGV',
    });
    expect(refusedFlags(refused)).toEqual(['--expose-gc', '--max-old-space-size', '--title']);
    expect(refusedFlags(new Error('Initiated Worker with invalid execArgv flags: --expose-gc'))).toEqual([]);
    expect(
      withoutFlags(['--max-semi-space-size=4', '--expose-gc', '--cpu-prof', '--max-old-space-size=256', '--title', 'ledger', '--max-old-space-size-extra'], refusedFlags(refused)),
    ).toEqual(['--max-semi-space-size=4', '--cpu-prof', '--max-old-space-size-extra']);
  });

  it.each([
    ['V8 heap sizes (as start:lean gives them)', ['--max-semi-space-size=4', '--max-old-space-size=256']],
    ['--expose-gc, --stack-trace-limit and --title', ['--expose-gc', '--stack-trace-limit=50', '--title', 'ledger', '--enable-source-maps']],
  ])('start under a process given %s on its command line', async (_, flags) => {
    const script = path.join(REPO_ROOT, 'libs/event-store/src/handle-command.ts');
    const worker = startWorker(script, { execArgv: [...flags, '-r', '@swc-node/register'], workerData: {} });
    expect(await new Promise((resolve) => worker.once('exit', resolve))).toBe(0);
  });

  it('resolve the tsconfig path aliases to absolute targets, following extends', () => {
    const aliases = pathAliases(path.join(REPO_ROOT, 'apps/ledger-api/src/read-models/projection-worker.ts'));
    expect(aliases['@ledger/projections']).toBe(path.join(REPO_ROOT, 'projections'));
    expect(aliases['@ledger/event-store']).toBe(path.join(REPO_ROOT, 'libs/event-store/src'));
    expect(aliases['@ledger/partners/domain']).toBe(path.join(REPO_ROOT, 'libs/partners/src/domain.ts'));
  });

  it('run a .ts script with its path aliases and no loader from the parent', async () => {
    // handle-command.ts imports @ledger/kernel and runs nothing: the bootstrap compiles both, then the thread ends.
    const script = path.join(REPO_ROOT, 'libs/event-store/src/handle-command.ts');
    const worker = startWorker(script, { execArgv: ['-r', '@swc-node/register'], workerData: {} });
    const errors: Error[] = [];
    worker.on('error', (error) => errors.push(error));
    expect(await new Promise((resolve) => worker.once('exit', resolve))).toBe(0);
    expect(errors).toEqual([]);
  });
});
