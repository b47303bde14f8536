import { Module } from '@nestjs/common';
import { AddPartnerUserController } from './add-partner-user/add-partner-user.controller';
import { AddPartnerUserHandler } from './add-partner-user/add-partner-user.handler';
import { ApproveEnrollmentController } from './approve-enrollment/approve-enrollment.controller';
import { ApproveEnrollmentHandler } from './approve-enrollment/approve-enrollment.handler';
import { ChangePartnerUserRolesController } from './change-partner-user-roles/change-partner-user-roles.controller';
import { ChangePartnerUserRolesHandler } from './change-partner-user-roles/change-partner-user-roles.handler';
import { EnrollPartnerController } from './enroll-partner/enroll-partner.controller';
import { EnrollPartnerHandler } from './enroll-partner/enroll-partner.handler';
import { RejectEnrollmentController } from './reject-enrollment/reject-enrollment.controller';
import { RejectEnrollmentHandler } from './reject-enrollment/reject-enrollment.handler';
import { RemovePartnerUserController } from './remove-partner-user/remove-partner-user.controller';
import { RemovePartnerUserHandler } from './remove-partner-user/remove-partner-user.handler';
import { VerifyPrimaryContactEmailController } from './verify-primary-contact-email/verify-primary-contact-email.controller';
import { VerifyPrimaryContactEmailHandler } from './verify-primary-contact-email/verify-primary-contact-email.handler';

/**
 * The partner context's write API (domain §4.1): enrollment, its review, and the partner's users.
 * Not exported from `@ledger/partners` (whose index stays framework-free for the other contexts'
 * deciders); the app imports it by path in FEATURE_MODULES.
 */
@Module({
  controllers: [
    EnrollPartnerController,
    VerifyPrimaryContactEmailController,
    ApproveEnrollmentController,
    RejectEnrollmentController,
    AddPartnerUserController,
    ChangePartnerUserRolesController,
    RemovePartnerUserController,
  ],
  providers: [
    EnrollPartnerHandler,
    VerifyPrimaryContactEmailHandler,
    ApproveEnrollmentHandler,
    RejectEnrollmentHandler,
    AddPartnerUserHandler,
    ChangePartnerUserRolesHandler,
    RemovePartnerUserHandler,
  ],
})
export class PartnersModule {}
