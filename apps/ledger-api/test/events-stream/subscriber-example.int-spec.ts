import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { executeRevokeDelegatedAdminPrivileges } from '@ledger/customers';
import { customerAdminActor, LedgerSeed, seedContext } from '../../../../test/support/customer-seed';
import { type AppProcess, makeTempDir, REPO_ROOT, startApp } from '../support/app-process';
import { TEST_JWT_SECRET, tokenFor } from '../support/tokens';

/*
 * examples/subscriber.ts against the real API: it prints relationship changes, keeps its position
 * in a file, resumes after its own restart without repeating anything, and reconnects by itself
 * when the API restarts.
 */

jest.setTimeout(120_000);

const SERVICE = tokenFor({ kind: 'service', tid: 'crm-sync', sub: 'crm-sync', roles: ['reader'] });

/** The example, running as its own process, with its output lines collected. */
class Subscriber {
  readonly lines: string[] = [];
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'examples/subscriber.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    let pending = '';
    const collect = (chunk: string): void => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      this.lines.push(...lines.filter((line) => line !== ''));
      this.waiters.forEach((wake) => wake());
    };
    this.child.stdout?.setEncoding('utf8').on('data', collect);
    this.child.stderr?.setEncoding('utf8').on('data', collect);
  }

  /** The printed changes: `[position] occurredAt Type: …`. */
  changes(): Array<{ position: number; type: string }> {
    return this.lines
      .map((line) => /^\[(\d+)\] \S+ (\w+): /.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ position: Number(match[1]), type: match[2]! }));
  }

  waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Timed out waiting for ${what}. Output:\n${this.lines.join('\n')}`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let app: AppProcess;
let seed: LedgerSeed;
let port: number;
const dataDir = makeTempDir('ledger-subscriber-example-');
const positionFile = path.join(makeTempDir('ledger-subscriber-position-'), 'subscriber.position');

const startTheApi = async (): Promise<AppProcess> =>
  startApp({ dataDir, env: { LEDGER_JWT_SECRET: TEST_JWT_SECRET, PORT: String(port) } });

beforeAll(async () => {
  port = await freePort();
  app = await startTheApi();
  seed = LedgerSeed.open(dataDir);
});

afterAll(async () => {
  await seed?.close();
  await app?.stop();
});

it('prints relationship changes, resumes after its restart from its position file, and reconnects after the API restarts', async () => {
  const env = { LEDGER_URL: `http://127.0.0.1:${port}`, LEDGER_TOKEN: SERVICE, SUBSCRIBER_POSITION_FILE: positionFile };
  const partner = await seed.partner();
  const customerId = await seed.customer();
  await seed.relationship(customerId, partner.partnerId, { dap: true });

  // 1. First run: the changes so far, from the start of the log.
  const first = new Subscriber(env);
  await first.waitFor(() => first.changes().length === 3, 'the first three changes');
  expect(first.lines[0]).toBe('connected, reading from the start of the log');
  expect(first.changes().map((change) => change.type)).toEqual(['RelationshipAccepted', 'ResellerRelationshipEstablished', 'DelegatedAdminPrivilegesGranted']);
  const established = first.lines.find((line) => line.startsWith(`[${first.changes()[1]!.position}] `));
  expect(established).toMatch(new RegExp(`ResellerRelationshipEstablished: partner ${partner.partnerId} may now transact for customer ${customerId}$`));
  expect(await first.stop()).toBe(0);
  const lastHandled = first.changes()[2]!.position;
  expect(fs.readFileSync(positionFile, 'utf8').trim()).toBe(String(lastHandled));

  // 2. While it is down the partner ends the relationship; the restarted subscriber sees only that.
  await seed.removeRelationship(customerId, partner.partnerId);
  const second = new Subscriber(env);
  await second.waitFor(() => second.changes().length === 1, 'the removal');
  expect(second.lines[0]).toBe(`connected, resuming after position ${lastHandled}`);
  expect(second.changes()[0]!.type).toBe('CustomerRelationshipRemoved');
  expect(second.changes()[0]!.position).toBeGreaterThan(lastHandled);

  // 3. The API restarts (the stream ends); meanwhile the customer revokes DAP. The subscriber
  //    reconnects with backoff on its own and prints the revocation, once.
  await app.stop();
  await second.waitFor(() => second.lines.some((line) => line.startsWith('reconnecting in')), 'a reconnection attempt');
  await executeRevokeDelegatedAdminPrivileges(seed.store, {
    type: 'RevokeDelegatedAdminPrivileges',
    data: { customerId, partnerId: partner.partnerId },
    context: seedContext(customerAdminActor(customerId)),
  });
  app = await startTheApi();
  await second.waitFor(() => second.changes().length === 2, 'the revocation after the API restart', 60_000);
  expect(second.changes()[1]!.type).toBe('DelegatedAdminPrivilegesRevoked');
  expect(second.lines).toContain(`connected, resuming after position ${second.changes()[0]!.position}`);
  expect(await second.stop()).toBe(0);

  const printed = [...first.changes(), ...second.changes()].map((change) => change.position);
  expect(new Set(printed).size).toBe(printed.length);
  expect(fs.readFileSync(positionFile, 'utf8').trim()).toBe(String(second.changes()[1]!.position));
});
