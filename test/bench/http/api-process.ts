/**
 * The ledger API as the HTTP benchmarks run it: a child process started the way `npm start` starts
 * it (the `start` script of package.json, read from it: its environment, Node options and script),
 * on a data dir of the bench's
 * choosing, durable embedded store, LOG_LEVEL=warn, the rate limit raised out of the way. The
 * bench process only drives load and reads the child's /proc status, so the server has its own
 * event loop and its own memory figures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TEST_JWT_SECRET } from '../../../apps/ledger-api/test/support/tokens';

const REPO_ROOT = resolve(__dirname, '../../..');

/** The key the bench signs its tokens with (tokens.ts' tokenFor). */
export const BENCH_JWT_SECRET = TEST_JWT_SECRET;

export interface ApiProcessOptions {
  readonly dataDir: string;
  /** Which npm script's command to start it with. Default `start`. */
  readonly script?: StartScript;
  /** `--cpu-prof` the server; the .cpuprofile lands in this folder when the process exits. */
  readonly cpuProfileDir?: string;
  /** Extra Node options for the server (e.g. `['-r', 'some-preload.js']` while investigating). */
  readonly execArgv?: readonly string[];
  /** Extra environment (e.g. LEDGER_MIN_POSITION_WAIT_MS). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for readiness. Default 10 minutes (a first start on 1M events projects them all). */
  readonly readyTimeoutMs?: number;
}

/** An npm script of package.json that starts the API: `start`, or `start:lean` (less memory, more CPU). */
export type StartScript = 'start' | 'start:lean';

/** `npm start` taken apart: `NAME=value … node <options…> <script>` (a script of package.json). */
export function startCommand(script: string): { env: Record<string, string>; execArgv: string[]; main: string } {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] !== undefined && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words.shift() !== 'node' || words.length === 0) throw new Error(`npm start is not "[NAME=value …] node [options …] <script>": ${script}`);
  const main = words.pop()!;
  return { env, execArgv: words, main };
}

function readStartScript(name: StartScript): string {
  const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[name];
  if (script === undefined) throw new Error(`package.json has no "${name}" script.`);
  return script;
}

/** A free TCP port on the loopback interface (there is a tiny window before the server binds it). */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export class ApiProcess {
  /** Milliseconds from spawning the process to the first `GET /health/ready` answered 200. */
  readonly readyAfterMs: number;
  private exited: Promise<number | null>;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    readyAfterMs: number,
    exited: Promise<number | null>,
    private readonly output: ServerLog,
  ) {
    this.readyAfterMs = readyAfterMs;
    this.exited = exited;
  }

  /** Spawns the API and resolves once it answers `/health/ready` with 200 (polled every 10 ms). */
  static async start(options: ApiProcessOptions): Promise<ApiProcess> {
    const port = await freePort();
    const start = startCommand(readStartScript(options.script ?? 'start'));
    const execArgv = [...start.execArgv];
    if (options.cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
    execArgv.push(...(options.execArgv ?? []));
    const started = performance.now();
    const child = spawn(process.execPath, [...execArgv, join(REPO_ROOT, start.main)], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...start.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: resolve(options.dataDir),
        LEDGER_JWT_SECRET: BENCH_JWT_SECRET,
        LEDGER_EVENT_STORE: 'sqlite',
        LOG_LEVEL: 'warn',
        LEDGER_RATE_LIMIT_PER_MINUTE: '10000000',
        ...options.env,
      },
      // The log (pino JSON on stdout) is kept, not printed: readiness polls alone would fill the
      // report with 503 lines. Errors after readiness are counted and shown by `problems()`.
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const output = new ServerLog();
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => output.add(chunk));
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));
    const url = `http://127.0.0.1:${port}`;
    const deadline = started + (options.readyTimeoutMs ?? 600_000);
    for (;;) {
      if (exitCode !== undefined) throw new Error(`The API exited with ${exitCode} before it was ready. Its last log lines:\n${output.tail().join('\n')}`);
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`The API was not ready within ${options.readyTimeoutMs ?? 600_000} ms.`);
      }
      const status = await fetch(`${url}/health/ready`).then(
        (response) => response.arrayBuffer().then(() => response.status),
        () => 0,
      );
      if (status === 200) {
        output.markReady();
        return new ApiProcess(url, child, performance.now() - started, exited, output);
      }
      // Every 10 ms while a start may be quick; then every 250 ms (a first start projects the whole log).
      await new Promise((wait) => setTimeout(wait, performance.now() - started < 5_000 ? 10 : 250));
    }
  }

  /** Log lines at level error or fatal since the server became ready (the first few), and how many. */
  problems(): { count: number; first: readonly string[] } {
    return { count: this.output.errorsAfterReady, first: this.output.firstErrors };
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** A line of /proc/<pid>/status in bytes, e.g. VmHWM (peak resident set) or VmRSS (now). */
  memory(field: 'VmHWM' | 'VmRSS'): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kilobytes = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    if (kilobytes === undefined) throw new Error(`No ${field} in /proc/${this.pid}/status`);
    return Number(kilobytes) * 1024;
  }

  /**
   * Starts a new peak: Linux resets VmHWM to the current RSS when "5" is written to clear_refs.
   * Returns false where that is not allowed (VmHWM then stays the peak since the process started).
   */
  resetPeakMemory(): boolean {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }

  /** CPU seconds (user + system) the server has used so far, from /proc/<pid>/stat. */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /**
   * CPU seconds (user + system) of the server's main thread alone — the event loop that serves
   * HTTP, from /proc/<pid>/task/<pid>/stat. The rest of `cpuSeconds()` is the other threads: the
   * projection worker, V8's GC helpers, libuv's pool.
   */
  mainThreadCpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.pid}/task/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /**
   * Waits until the server has nothing left to do (its CPU time stops growing), at most `maxMs`:
   * requests a load tool abandoned at the end of its run are still being answered, and stopping
   * the server under them would only log their broken ends.
   */
  async settle(maxMs = 10_000): Promise<void> {
    const deadline = performance.now() + maxMs;
    let previous = this.cpuSeconds();
    while (performance.now() < deadline) {
      await new Promise((wait) => setTimeout(wait, 100));
      const now = this.cpuSeconds();
      if (now - previous < 0.005) return;
      previous = now;
    }
  }

  /**
   * Waits for the server's first verification of the log (`GET /v1/audit/verification` answers
   * once it is complete), asking again while the answer is not 200 (a request timeout, a 503).
   */
  async waitForStartupVerification(auditorToken: string, maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    while (performance.now() < deadline) {
      const response = await fetch(`${this.url}/v1/audit/verification?limit=1`, { headers: { authorization: `Bearer ${auditorToken}` } }).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) return;
      await new Promise((wait) => setTimeout(wait, 500));
    }
    throw new Error(`The API's startup verification of the log did not complete within ${maxMs} ms.`);
  }

  /** SIGTERM (graceful: in-flight requests finish, the stores close) and waits for the exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const code = await this.exited;
    if (code !== 0 && code !== null) throw new Error(`The API exited with ${code} at shutdown.`);
  }
}

/** The server's log lines: the last ones (for a failed start) and the errors logged once ready. */
class ServerLog {
  private partial = '';
  private readonly last: string[] = [];
  /** Epoch milliseconds of readiness; undefined before. */
  private readyAt: number | undefined;
  errorsAfterReady = 0;
  readonly firstErrors: string[] = [];

  add(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      this.last.push(line);
      if (this.last.length > 20) this.last.shift();
      const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
      // Lines written before readiness may arrive after it (the pipe is read later): their time says.
      const loggedAt = Date.parse(/"time":"([^"]+)"/.exec(line)?.[1] ?? '');
      if (this.readyAt !== undefined && level >= 50 && !(loggedAt < this.readyAt)) {
        this.errorsAfterReady += 1;
        if (this.firstErrors.length < 3) this.firstErrors.push(line.slice(0, 500));
      }
    }
  }

  markReady(): void {
    this.readyAt = Date.now();
  }

  tail(): readonly string[] {
    return this.last;
  }
}
