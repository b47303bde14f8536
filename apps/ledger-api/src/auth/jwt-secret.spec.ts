import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JWT_SECRET_FILE, loadJwtSecret } from './jwt-secret';
import { durationInSeconds } from './token-lifetime';

describe('the JWT secret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-secret-')), 'data');
  });

  it('prefers LEDGER_JWT_SECRET and writes nothing then', () => {
    const secret = 'x'.repeat(40);
    expect(loadJwtSecret({ dataDir, explicitSecret: secret })).toEqual({ secret, source: 'env' });
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('refuses an explicit secret under 256 bits', () => {
    expect(() => loadJwtSecret({ dataDir, explicitSecret: 'short' })).toThrow(/shorter than 32 bytes/);
  });

  it('generates 256 random bits once, mode 0600, and then reuses them', () => {
    const first = loadJwtSecret({ dataDir });
    expect(first.source).toBe('generated');
    expect(Buffer.from(first.secret, 'base64url')).toHaveLength(32);
    const file = path.join(dataDir, JWT_SECRET_FILE);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadJwtSecret({ dataDir });
    expect(second).toEqual({ secret: first.secret, source: 'file', file, readableByOthers: false });
    expect(fs.readdirSync(dataDir)).toEqual([JWT_SECRET_FILE]);
  });

  it('ignores the trailing newline an editor adds, and flags a file others can read', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, JWT_SECRET_FILE);
    fs.writeFileSync(file, `${'k'.repeat(40)}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const loaded = loadJwtSecret({ dataDir });
    expect(loaded.secret).toBe('k'.repeat(40));
    if (process.platform !== 'win32') expect(loaded.readableByOthers).toBe(true);
  });

  it('refuses a secret file that is too short', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, JWT_SECRET_FILE), 'short');
    expect(() => loadJwtSecret({ dataDir })).toThrow(/shorter than 32 bytes/);
  });
});

describe('token lifetimes', () => {
  it.each([
    ['3600', 3600],
    ['90s', 90],
    ['30m', 1800],
    ['1h', 3600],
    ['7d', 604800],
    [120, 120],
  ])('reads %s', (input, seconds) => {
    expect(durationInSeconds(input)).toBe(seconds);
  });

  it.each(['', '0', '1y', '-5m', 'soon', 0, -1, 1.5])('refuses %s', (input) => {
    expect(() => durationInSeconds(input)).toThrow(RangeError);
  });
});
