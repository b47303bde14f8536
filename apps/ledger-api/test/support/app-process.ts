import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/*
 * Runs the real API in a child process for HTTP tests: Jest 30 cannot `require` ES modules on
 * Node 20/22 and NestJS 12 ships only ES modules, so the app cannot live inside the test's module
 * registry. The child is started exactly like `npm start` (Node + @swc-node/register), listens on
 * port 0 of 127.0.0.1 and reports its URL over IPC; its JSON log lines are collected for assertions.
 */

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const SERVE_SCRIPT = path.join(__dirname, 'serve-for-test.ts');

/** A module to add to the app, by file and export name (e.g. the test-only ProbeModule). */
export interface TestModuleSpec {
  readonly file: string;
  readonly exportName: string;
}

export const PROBE_MODULE: TestModuleSpec = { file: path.join(__dirname, 'probe', 'probe.module.ts'), exportName: 'ProbeModule' };

export interface StartAppOptions {
  /** Default: a new temp dir. */
  readonly dataDir?: string;
  /** Extra environment (LEDGER_JWT_SECRET, LEDGER_RATE_LIMIT_PER_MINUTE, …). */
  readonly env?: Readonly<Record<string, string>>;
  readonly modules?: readonly TestModuleSpec[];
  readonly startTimeoutMs?: number;
}

export type LogLine = Record<string, unknown> & { msg?: string };

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export function makeTempDir(prefix = 'ledger-api-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The environment of the child: the test's own, minus anything that configures the ledger. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('LEDGER_') || ['PORT', 'HOST', 'LOG_LEVEL', 'ESDB_CONNECTION_STRING'].includes(key)) continue;
    env[key] = value;
  }
  return env;
}

export class AppProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  readonly exited: Promise<ExitStatus>;
  private readonly logWaiters = new Set<() => void>();

  constructor(
    readonly child: ChildProcess,
    readonly dataDir: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          this.logs.push({ msg: line, unparsed: true });
        }
      }
      this.logWaiters.forEach((wake) => wake());
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  url = '';

  /** Resolves with the first log line (already written or still to come) that matches. */
  waitForLog(matches: (line: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.logs.find(matches);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`No matching log line within ${timeoutMs} ms. Logs:\n${this.logs.map((l) => JSON.stringify(l)).join('\n')}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.logWaiters.delete(wake);
      };
      const wake = (): void => void check();
      if (!check()) this.logWaiters.add(wake);
    });
  }

  /** Sends a stop signal (SIGTERM: graceful) and waits for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitStatus> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const status = await this.exited;
    running.delete(this.child);
    return status;
  }
}

/** Starts the API on a free port and resolves once it listens. */
export async function startApp(options: StartAppOptions = {}): Promise<AppProcess> {
  const dataDir = options.dataDir ?? makeTempDir();
  const child = fork(SERVE_SCRIPT, [], {
    cwd: REPO_ROOT,
    execArgv: ['-r', '@swc-node/register'],
    env: {
      ...baseEnv(),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_TEST_MODULES: JSON.stringify(options.modules ?? []),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  const app = new AppProcess(child, dataDir);
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  app.url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The API did not start within ${timeoutMs} ms.\n${app.stderr}`));
    }, timeoutMs);
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'listening' && message.url) {
        clearTimeout(timer);
        resolve(message.url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The API exited with code ${code} before listening.\n${app.stderr}`));
    });
  });
  return app;
}
