import { Module } from '@nestjs/common';
import { VerificationController } from './verification.controller';
import { VerificationService } from './verification.service';
import { loadVerificationSettings, VERIFICATION_SETTINGS } from './verification.settings';

/**
 * Tamper evidence for auditors: GET /v1/audit/verification answers the latest verification of
 * every stream's hash chain (run in the background at startup, every LEDGER_VERIFY_INTERVAL_MS,
 * and on demand) with the head hash of each stream. See RELIABILITY.md.
 */
@Module({
  controllers: [VerificationController],
  providers: [VerificationService, { provide: VERIFICATION_SETTINGS, useFactory: () => loadVerificationSettings(process.env) }],
})
export class VerificationModule {}
