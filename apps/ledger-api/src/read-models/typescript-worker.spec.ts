import * as path from 'node:path';
import { pathAliases, startWorker, withoutPerProcessFlags, withoutTypeScriptLoader } from './typescript-worker';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

describe('worker threads on TypeScript', () => {
  it('drop the inherited @swc-node/register loader and keep every other option', () => {
    expect(withoutTypeScriptLoader(['-r', '@swc-node/register', '--cpu-prof', '--require', '@swc-node/register/index', '--require=@swc-node/register', '-r', 'other-preload'])).toEqual([
      '--cpu-prof',
      '-r',
      'other-preload',
    ]);
  });

  it('drop the V8 heap sizes start:lean gives the process, which Node refuses in a worker', () => {
    expect(withoutPerProcessFlags(['--max-semi-space-size=4', '--cpu-prof', '--max-old-space-size=256', '--stack-size=2000', '--max-old-space-size-extra'])).toEqual([
      '--cpu-prof',
      '--max-old-space-size-extra',
    ]);
  });

  it('start under a process given V8 heap sizes on its command line (as start:lean does)', async () => {
    const script = path.join(REPO_ROOT, 'libs/event-store/src/handle-command.ts');
    const worker = startWorker(script, { execArgv: ['--max-semi-space-size=4', '--max-old-space-size=256', '-r', '@swc-node/register'], workerData: {} });
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
