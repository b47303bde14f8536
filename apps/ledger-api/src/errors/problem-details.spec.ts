import { ConcurrencyError, StoreUnavailableError } from '@ledger/event-store';
import { AuditLogAheadError } from '@ledger/projections';
import { conflict, DomainError, forbidden, notFound, unprocessable } from '@ledger/kernel';
import { type ValidationError } from 'class-validator';
import { UnauthenticatedError } from '../auth/unauthenticated.error';
import { fieldErrorsFrom, knownProblemOf, problem, ProblemException, RequestValidationError } from './problem-details';

describe('problems the ledger knows', () => {
  it.each([
    [forbidden(), 403, 'forbidden'],
    [notFound('partner-not-found', 'No such partner.'), 404, 'partner-not-found'],
    [conflict('partner-not-approved', 'Not approved.'), 409, 'partner-not-approved'],
    [unprocessable('webmail-not-accepted', 'Webmail.'), 422, 'webmail-not-accepted'],
  ])('maps a DomainError to its status and keeps its code: %#', (error, status, code) => {
    expect(knownProblemOf(error)).toEqual({
      type: `urn:csp-ledger:problem:${code}`,
      title: expect.any(String),
      status,
      code,
      detail: error.message,
    });
  });

  it('keeps the details of a refusal', () => {
    expect(knownProblemOf(new DomainError('request-not-open', 'conflict', 'Answered.', { requestId: 'r-1' }))?.details).toEqual({ requestId: 'r-1' });
  });

  it('maps lost races, an unreachable store and bad tokens', () => {
    expect(knownProblemOf(new ConcurrencyError('customer-1', 3, 4))).toMatchObject({ status: 409, code: 'concurrency-conflict' });
    expect(knownProblemOf(new ConcurrencyError('customer-1', 3, 4))?.detail).not.toContain('customer-1');
    expect(knownProblemOf(new StoreUnavailableError('closed'))).toMatchObject({ status: 503, code: 'unavailable' });
    // What operators must do is logged, not sent: the client can only retry.
    expect(knownProblemOf(new AuditLogAheadError(42))).toMatchObject({
      status: 503,
      code: 'unavailable',
      detail: 'The audit log is out of step with the event log until it is rebuilt from it; retry later.',
    });
    expect(knownProblemOf(new UnauthenticatedError('The bearer token has expired.'))).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      detail: 'The bearer token has expired.',
    });
  });

  it('passes pre-rendered problems through and knows nothing else', () => {
    const rendered = problem(503, 'unavailable', 'Not ready.');
    expect(knownProblemOf(new ProblemException(rendered))).toBe(rendered);
    expect(knownProblemOf(new Error('boom'))).toBeUndefined();
    expect(knownProblemOf('a string')).toBeUndefined();
  });

  it('lists validation errors, and omits an empty list', () => {
    expect(knownProblemOf(new RequestValidationError([{ field: 'a', messages: ['bad'] }]))).toMatchObject({
      status: 400,
      code: 'validation-failed',
      errors: [{ field: 'a', messages: ['bad'] }],
    });
    expect(knownProblemOf(new RequestValidationError([], 'Not an object.'))).not.toHaveProperty('errors');
  });
});

describe('fieldErrorsFrom', () => {
  it('flattens nested and array errors into dotted paths', () => {
    const errors: ValidationError[] = [
      { property: 'email', constraints: { isEmail: 'email must be an email' }, children: [] },
      {
        property: 'legalProfile',
        children: [
          {
            property: 'address',
            children: [{ property: 'country', constraints: { isIn: 'bad country', length: 'two letters' }, children: [] }],
          },
        ],
      },
      { property: 'users', children: [{ property: '0', children: [{ property: 'roles', constraints: { isIn: 'unknown role' } }] }] },
      { property: 'extra', constraints: { whitelistValidation: 'property extra should not exist' } },
    ];
    expect(fieldErrorsFrom(errors)).toEqual([
      { field: 'email', messages: ['email must be an email'] },
      { field: 'legalProfile.address.country', messages: ['bad country', 'two letters'] },
      { field: 'users.0.roles', messages: ['unknown role'] },
      { field: 'extra', messages: ['property extra should not exist'] },
    ]);
  });
});
