import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, PROBE_MODULE, startApp } from '../../ledger-api/test/support/app-process';
import { client } from '../../ledger-api/test/support/http';
import { TEST_JWT_SECRET, verifyHs256 } from '../../ledger-api/test/support/tokens';
import { runLedger as ledger } from './support/run-ledger';

jest.setTimeout(60_000);

/*
 * The CLI runs as a child process, as `npm run ledger` runs it: Jest cannot load jose (an ES
 * module) in its own module system on Node 20/22. Tokens are checked with node:crypto.
 */

describe('ledger token', () => {
  it('has help for the program and the command', async () => {
    const program = await ledger(['--help']);
    expect(program.code).toBe(0);
    expect(program.stdout).toContain('token [options]');
    const command = await ledger(['token', '--help']);
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/--kind <kind>[\s\S]*--tenant <id>[\s\S]*--sub <user>[\s\S]*--roles[\s\S]*--ttl[\s\S]*--data-dir/);
  });

  it('mints an HS256 token with LEDGER_JWT_SECRET, printing only the token', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await ledger(
      ['token', '--kind', 'partner', '--tenant', 'p-1', '--sub', 'u-1', '--roles', 'global-admin, admin-agent', '--ttl', '2h'],
      { LEDGER_JWT_SECRET: TEST_JWT_SECRET },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const { header, payload } = verifyHs256(lines[0]!, TEST_JWT_SECRET);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ kind: 'partner', tid: 'p-1', sub: 'u-1', roles: ['global-admin', 'admin-agent'] });
    expect(payload.exp as number).toBe((payload.iat as number) + 7200);
    expect(payload.iat as number).toBeGreaterThanOrEqual(before);
  });

  it("creates the data dir's secret when none exists, and the API accepts its tokens", async () => {
    const dataDir = path.join(makeTempDir('ledger-cli-test-'), 'data');
    const result = await ledger(['token', '--kind', 'program', '--tenant', 'program', '--sub', 'reviewer-1', '--roles', 'reviewer', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Created a new JWT secret');
    const secret = fs.readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim();
    const token = result.stdout.trim();
    expect(() => verifyHs256(token, secret)).not.toThrow();

    const app = await startApp({ dataDir, modules: [PROBE_MODULE] });
    try {
      const whoami = await client(app.url).get('/v1/probe/whoami', { token });
      expect(whoami.status).toBe(200);
      expect(whoami.body.actor).toEqual({ kind: 'program', tenantId: 'program', userId: 'reviewer-1', roles: ['reviewer'] });
    } finally {
      await app.stop();
    }

    // A second token reuses the same secret.
    const again = await ledger(['token', '--kind', 'auditor', '--tenant', 'audit', '--sub', 'a-1', '--data-dir', dataDir]);
    expect(again.stderr).toBe('');
    expect(() => verifyHs256(again.stdout.trim(), secret)).not.toThrow();
  });

  it('warns about unknown roles but still mints', async () => {
    const result = await ledger(['token', '--kind', 'partner', '--tenant', 'p', '--sub', 'u', '--roles', 'wizard'], { LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('wizard is not a role the ledger knows');
    expect(verifyHs256(result.stdout.trim(), TEST_JWT_SECRET).payload.roles).toEqual(['wizard']);
  });

  it.each([
    ['an unknown kind', ['--kind', 'robot', '--tenant', 't', '--sub', 's'], /Allowed choices are partner, customer, program, auditor, service/],
    ['a missing tenant', ['--kind', 'partner', '--sub', 's'], /required option '--tenant <id>'/],
    ['a bad lifetime', ['--kind', 'partner', '--tenant', 't', '--sub', 's', '--ttl', 'forever'], /token lifetime looks like/],
  ])('refuses %s with a message and a non-zero exit', async (_case, args, message) => {
    const result = await ledger(['token', ...args], { LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('refuses a weak LEDGER_JWT_SECRET', async () => {
    const result = await ledger(['token', '--kind', 'partner', '--tenant', 't', '--sub', 's'], { LEDGER_JWT_SECRET: 'weak' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('shorter than 32 bytes');
  });
});
