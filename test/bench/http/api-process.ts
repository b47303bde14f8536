/**
 * The ledger API as the HTTP benchmarks run it: a child process started the way `npm start` starts
 * it (`node -r @swc-node/register apps/ledger-api/src/main.ts`), on a data dir of the bench's
 * choosing, durable embedded store, LOG_LEVEL=warn, the rate limit raised out of the way. The
 * bench process only drives load and reads the child's /proc status, so the server has its own
 * event loop and its own memory figures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TEST_JWT_SECRET } from '../../../apps/ledger-api/test/support/tokens';

const REPO_ROOT = resolve(__dirname, '../../..');

/** The key the bench signs its tokens with (tokens.ts' tokenFor). */
export const BENCH_JWT_SECRET = TEST_JWT_SECRET;

export interface ApiProcessOptions {
  readonly dataDir: string;
  /** `--cpu-prof` the server; the .cpuprofile lands in this folder when the process exits. */
  readonly cpuProfileDir?: string;
  /** Extra environment (e.g. LEDGER_MIN_POSITION_WAIT_MS). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for readiness. Default 10 minutes (a first start on 1M events projects them all). */
  readonly readyTimeoutMs?: number;
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
  ) {
    this.readyAfterMs = readyAfterMs;
    this.exited = exited;
  }

  /** Spawns the API and resolves once it answers `/health/ready` with 200 (polled every 10 ms). */
  static async start(options: ApiProcessOptions): Promise<ApiProcess> {
    const port = await freePort();
    const execArgv = ['-r', '@swc-node/register'];
    if (options.cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
    const started = performance.now();
    const child = spawn(process.execPath, [...execArgv, join(REPO_ROOT, 'apps/ledger-api/src/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: options.dataDir,
        LEDGER_JWT_SECRET: BENCH_JWT_SECRET,
        LEDGER_EVENT_STORE: 'sqlite',
        LOG_LEVEL: 'warn',
        LEDGER_RATE_LIMIT_PER_MINUTE: '10000000',
        ...options.env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));
    const url = `http://127.0.0.1:${port}`;
    const deadline = started + (options.readyTimeoutMs ?? 600_000);
    for (;;) {
      if (exitCode !== undefined) throw new Error(`The API exited with ${exitCode} before it was ready.`);
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`The API was not ready within ${options.readyTimeoutMs ?? 600_000} ms.`);
      }
      const status = await fetch(`${url}/health/ready`).then(
        (response) => response.arrayBuffer().then(() => response.status),
        () => 0,
      );
      if (status === 200) return new ApiProcess(url, child, performance.now() - started, exited);
      await new Promise((wait) => setTimeout(wait, 10));
    }
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

  /** CPU seconds (user + system) the server has used so far, from /proc/<pid>/stat. */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** SIGTERM (graceful: in-flight requests finish, the stores close) and waits for the exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const code = await this.exited;
    if (code !== 0 && code !== null) throw new Error(`The API exited with ${code} at shutdown.`);
  }
}
