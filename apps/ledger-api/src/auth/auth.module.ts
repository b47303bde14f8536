import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type LedgerApiConfig } from '../config';
import { loadJwtSecret } from './jwt-secret';
import { TokenVerifier } from './token-verifier';

/** Reads (or, in the embedded mode, creates) the HS256 key once at startup and says where it came from. */
function createTokenVerifier(config: LedgerApiConfig): TokenVerifier {
  const logger = new Logger('Auth');
  const loaded = loadJwtSecret({
    dataDir: config.dataDir,
    ...(config.jwtSecret !== undefined ? { explicitSecret: config.jwtSecret } : {}),
  });
  if (loaded.source === 'generated') {
    logger.log(`Generated a new JWT secret in ${loaded.file}; mint tokens with "npm run ledger -- token".`);
  }
  if (loaded.readableByOthers) logger.warn(`${loaded.file} is readable by other users; run "chmod 600 ${loaded.file}".`);
  return new TokenVerifier(loaded.secret);
}

/**
 * Bearer-token authentication. The key is LEDGER_JWT_SECRET, else the data dir's generated
 * `jwt-secret` (created on first start, shared with `npm run ledger -- token`).
 * The AuthGuard itself is registered globally in AppModule, ahead of the rate limiter.
 */
@Global()
@Module({
  providers: [{ provide: TokenVerifier, inject: [APP_CONFIG], useFactory: createTokenVerifier }],
  exports: [TokenVerifier],
})
export class AuthModule {}
