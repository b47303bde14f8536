import { isWebmailAddress, keepsAGlobalAdmin, mpnProfileIsInTenantCountry } from './partner.rules';
import type { EnrolledPartnerState } from './partner.state';
import { enrolled, ids, partnerStateOf, userAdded } from '../testing/partner-fixtures.test-support';

describe('isWebmailAddress', () => {
  it.each([
    'someone@gmail.com',
    'someone@googlemail.com',
    'someone@yahoo.com',
    'someone@yahoo.fr',
    'someone@yahoo.co.uk',
    'someone@yahoo.com.br',
    'someone@ymail.com',
    'someone@rocketmail.com',
    'someone@aol.com',
    'someone@icloud.com',
    'someone@me.com',
    'someone@mac.com',
    'someone@outlook.com',
    'someone@hotmail.com',
    'someone@hotmail.de',
    'someone@live.com',
    'someone@live.co.uk',
    'someone@msn.com',
    'someone@gmx.de',
    'someone@gmx.net',
    'someone@mail.com',
    'someone@protonmail.com',
    'someone@proton.me',
    'someone@yandex.ru',
    'someone@yandex.com.tr',
    'Someone@GMAIL.COM',
    'someone@gmail.com.',
    'someone@eu.gmail.com',
  ])('refuses %s', (email) => {
    expect(isWebmailAddress(email)).toBe(true);
  });

  it.each([
    'alex@contoso.com',
    'alex@contoso.de',
    'alex@gmail.contoso.com',
    'alex@live.contoso.com',
    'alex@live.contoso.de',
    'alex@mygmail.com',
    'alex@gmail.co',
    'alex@outlook.de',
    'alex@outlookmail.com',
    'alex@contoso.live',
    'alex@proton.mail',
    'alex@email.com',
    'not-an-email',
  ])('accepts %s', (email) => {
    expect(isWebmailAddress(email)).toBe(false);
  });
});

describe('mpnProfileIsInTenantCountry', () => {
  it('compares ISO codes case-insensitively', () => {
    expect(mpnProfileIsInTenantCountry('de', 'DE')).toBe(true);
    expect(mpnProfileIsInTenantCountry('DE', 'AT')).toBe(false);
  });
});

describe('keepsAGlobalAdmin', () => {
  const partnerId = ids.reseller;
  const enroller = enrolled(partnerId);
  const enrollerId = (enroller[1]!.data as { userId: string }).userId;
  const withSecondAdmin = partnerStateOf([...enroller, userAdded(partnerId, ids.secondUser, ['global-admin'])]) as EnrolledPartnerState;
  const alone = partnerStateOf(enroller) as EnrolledPartnerState;

  it('refuses to take the role from the only global admin, or to remove them', () => {
    expect(keepsAGlobalAdmin(alone, enrollerId, ['admin-agent'])).toBe(false);
    expect(keepsAGlobalAdmin(alone, enrollerId, null)).toBe(false);
  });

  it('allows it when another global admin remains, or the role is kept', () => {
    expect(keepsAGlobalAdmin(withSecondAdmin, enrollerId, null)).toBe(true);
    expect(keepsAGlobalAdmin(alone, enrollerId, ['global-admin'])).toBe(true);
  });

  it('never blocks changes to users who are not global admins', () => {
    const state = partnerStateOf([...enroller, userAdded(partnerId, ids.secondUser, ['sales-agent'])]) as EnrolledPartnerState;
    expect(keepsAGlobalAdmin(state, ids.secondUser, null)).toBe(true);
  });
});
