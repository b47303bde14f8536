import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../../ledger-api/test/support/app-process';

export interface LedgerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run ledger -- <args>` as a user runs it: a child process on TypeScript, from the repository
 * root, with only PATH, HOME and `env` in its environment (nothing of the test runner's leaks in).
 */
export function runLedger(args: string[], env: Record<string, string> = {}): Promise<LedgerRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ledger-cli/src/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
