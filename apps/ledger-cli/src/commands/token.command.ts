import * as path from 'node:path';
import { ACTOR_KINDS, ALL_ROLES, type ActorKind } from '@ledger/kernel';
import { Command, Option } from 'commander';
import { mintAccessToken } from '../../../ledger-api/src/auth/access-token';
import { durationInSeconds } from '../../../ledger-api/src/auth/token-lifetime';
import { loadJwtSecret } from '../../../ledger-api/src/auth/jwt-secret';
import { CliError, type CliContext } from '../cli-context';

export interface TokenOptions {
  readonly kind: ActorKind;
  readonly tenant: string;
  readonly sub: string;
  /** Comma-separated role names. */
  readonly roles?: string;
  /** Lifetime: seconds, or 90s / 30m / 1h / 7d. */
  readonly ttl: string;
  /** Where the API keeps its generated secret; default LEDGER_DATA_DIR or ./data. */
  readonly dataDir?: string;
}

/**
 * Mints a bearer token the API accepts, signed with LEDGER_JWT_SECRET or else the data dir's
 * secret (created if missing, exactly as the API would). Returns the token.
 */
export async function mintToken(options: TokenOptions, context: CliContext): Promise<string> {
  if (!(ACTOR_KINDS as readonly string[]).includes(options.kind)) {
    throw new CliError(`--kind must be one of ${ACTOR_KINDS.join(', ')}.`);
  }
  const roles = (options.roles ?? '')
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  const unknown = roles.filter((role) => !ALL_ROLES.includes(role));
  if (unknown.length > 0) {
    context.stderr(`warning: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a role' : 'are not roles'} the ledger knows (${ALL_ROLES.join(', ')}).\n`);
  }
  let ttlSeconds: number;
  try {
    ttlSeconds = durationInSeconds(options.ttl);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const explicitSecret = context.env.LEDGER_JWT_SECRET === '' ? undefined : context.env.LEDGER_JWT_SECRET;
  const dataDir = path.resolve(context.cwd, options.dataDir ?? context.env.LEDGER_DATA_DIR ?? './data');
  let secret;
  try {
    secret = loadJwtSecret({ dataDir, ...(explicitSecret !== undefined ? { explicitSecret } : {}) });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (secret.source === 'generated') context.stderr(`Created a new JWT secret in ${secret.file}; the API will use it too.\n`);
  return mintAccessToken({ kind: options.kind, tenantId: options.tenant, userId: options.sub, roles, ttl: ttlSeconds }, secret.secret);
}

/** `ledger token`: prints a token on stdout, so `TOKEN=$(npm run -s ledger -- token …)` works. */
export function registerTokenCommand(program: Command, context: CliContext): void {
  program
    .command('token')
    .description('Mint a bearer token (HS256) for calling the API by hand.')
    .addOption(new Option('--kind <kind>', 'actor kind').choices(ACTOR_KINDS).makeOptionMandatory())
    .requiredOption('--tenant <id>', 'tenant id: the partner id (partner), the customer id (customer), any text otherwise')
    .requiredOption('--sub <user>', 'user id (the token subject)')
    .option('--roles <roles>', 'comma-separated roles, e.g. global-admin,admin-agent', '')
    .option('--ttl <duration>', 'lifetime: seconds or 90s, 30m, 1h, 7d', '1h')
    .option('--data-dir <dir>', 'data dir holding the generated secret (default: LEDGER_DATA_DIR or ./data)')
    .addHelpText(
      'after',
      '\nThe key is LEDGER_JWT_SECRET when set, else <data-dir>/jwt-secret (created if missing).\n' +
        'Example:\n  TOKEN=$(npm run -s ledger -- token --kind program --tenant program --sub reviewer-1 --roles reviewer)\n',
    )
    .action(async (options: TokenOptions) => {
      context.stdout(`${await mintToken(options, context)}\n`);
    });
}
