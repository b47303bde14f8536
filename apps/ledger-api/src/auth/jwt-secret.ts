import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MIN_JWT_SECRET_LENGTH } from '../config/config';

/** Where the embedded mode keeps its generated HS256 key, inside the data dir. */
export const JWT_SECRET_FILE = 'jwt-secret';

export interface LoadedJwtSecret {
  readonly secret: string;
  /** `env`: LEDGER_JWT_SECRET; `file`: read from the data dir; `generated`: created just now. */
  readonly source: 'env' | 'file' | 'generated';
  /** Absolute path of the secret file, when the secret lives in one. */
  readonly file?: string;
  /** The file is readable by other users (its mode is not 0600); callers should warn. */
  readonly readableByOthers?: boolean;
}

/**
 * The HS256 key of the ledger's bearer tokens, shared by the API (to verify) and the CLI (to mint):
 * `LEDGER_JWT_SECRET` when set, else the data dir's `jwt-secret`, generated once (256 random bits,
 * mode 0600) on first use. Creation is atomic (write a temporary file, then hard-link it into
 * place), so an API and a CLI starting at the same moment end up with the same key.
 */
export function loadJwtSecret(options: { readonly explicitSecret?: string; readonly dataDir: string }): LoadedJwtSecret {
  if (options.explicitSecret !== undefined) {
    assertStrongEnough(options.explicitSecret, 'LEDGER_JWT_SECRET');
    return { secret: options.explicitSecret, source: 'env' };
  }
  const file = path.join(path.resolve(options.dataDir), JWT_SECRET_FILE);
  const existing = readSecretFile(file);
  if (existing) return existing;

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  let generated = false;
  try {
    fs.linkSync(temporary, file);
    generated = true;
  } catch (error) {
    // Someone else created it first: theirs wins, so both processes share one key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  const created = readSecretFile(file);
  if (!created) throw new Error(`Could not create the JWT secret file ${file}.`);
  return { ...created, source: generated ? 'generated' : 'file' };
}

function readSecretFile(file: string): LoadedJwtSecret | undefined {
  let content: string;
  let mode: number;
  try {
    content = fs.readFileSync(file, 'utf8');
    mode = fs.statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // A trailing newline (an editor's) is not part of the key.
  const secret = content.trim();
  assertStrongEnough(secret, file);
  return { secret, source: 'file', file, readableByOthers: process.platform !== 'win32' && (mode & 0o077) !== 0 };
}

function assertStrongEnough(secret: string, where: string): void {
  if (Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_LENGTH) {
    throw new Error(`The JWT secret from ${where} is shorter than ${MIN_JWT_SECRET_LENGTH} bytes (256 bits); HS256 needs at least that.`);
  }
}

/** The key bytes jose signs and verifies with: the secret's UTF-8 encoding, on both sides. */
export function jwtKeyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}
