import { ADMINS, DomainError, SELLERS, USER_MANAGERS, fold, hasAnyRole } from '@ledger/kernel';

describe('kernel', () => {
  it('folds events in order from the initial state', () => {
    const state = fold((s: string[], e: string) => [...s, e], [] as string[], ['a', 'b', 'c']);
    expect(state).toEqual(['a', 'b', 'c']);
  });

  it('keeps a stable code and kind on domain errors', () => {
    const error = new DomainError('already-enrolled', 'conflict', 'The partner is already enrolled.');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('already-enrolled');
    expect(error.kind).toBe('conflict');
  });

  it('defines the role sets of domain §2', () => {
    expect([...ADMINS].sort()).toEqual(['account-admin', 'admin-agent', 'global-admin']);
    expect([...SELLERS].sort()).toEqual(['account-admin', 'admin-agent', 'global-admin', 'sales-agent']);
    expect([...USER_MANAGERS].sort()).toEqual(['admin-agent', 'global-admin', 'user-admin']);
    expect(hasAnyRole(['sales-agent'], SELLERS)).toBe(true);
    expect(hasAnyRole(['helpdesk-agent'], SELLERS)).toBe(false);
  });
});
