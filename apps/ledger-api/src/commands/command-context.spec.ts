import type { Actor } from '@ledger/kernel';
import { buildCommandContext, commandIdFor } from './command-context';
import { positionToString, toWriteResponse } from './write-response.format';

const actor: Actor = { kind: 'partner', tenantId: 'p-1', userId: 'u-1', roles: ['global-admin'] };
const facts = { actor, correlationId: 'corr-1', method: 'POST', path: '/v1/partners' };

describe('the command context of a request', () => {
  it('carries the actor, the correlation id and the time, with the command id as causation', () => {
    const context = buildCommandContext({ ...facts, now: new Date('2026-01-02T03:04:05.678Z') });
    expect(context).toEqual({
      commandId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      correlationId: 'corr-1',
      causationId: context.commandId,
      actor,
      now: '2026-01-02T03:04:05.678Z',
    });
  });

  it('gives every request without an Idempotency-Key a new command id', () => {
    expect(commandIdFor(facts)).not.toBe(commandIdFor(facts));
  });

  it('gives a retry with the same Idempotency-Key the same command id', () => {
    const first = commandIdFor({ ...facts, idempotencyKey: 'k-1' });
    expect(commandIdFor({ ...facts, idempotencyKey: 'k-1' })).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    expect(commandIdFor({ ...facts, method: 'post', idempotencyKey: 'k-1' })).toBe(first);
  });

  it.each([
    ['another key', { idempotencyKey: 'k-2' }],
    ['another user', { actor: { ...actor, userId: 'u-2' }, idempotencyKey: 'k-1' }],
    ['another tenant', { actor: { ...actor, tenantId: 'p-2' }, idempotencyKey: 'k-1' }],
    ['another kind', { actor: { ...actor, kind: 'customer' as const }, idempotencyKey: 'k-1' }],
    ['another path', { path: '/v1/customers', idempotencyKey: 'k-1' }],
    ['another method', { method: 'PUT', idempotencyKey: 'k-1' }],
  ])('derives another command id for %s', (_case, change) => {
    expect(commandIdFor({ ...facts, ...change })).not.toBe(commandIdFor({ ...facts, idempotencyKey: 'k-1' }));
  });
});

describe('write responses', () => {
  it('render the position as a decimal string next to the ids', () => {
    expect(toWriteResponse(42, { partnerId: 'p-1', status: 'pending' })).toEqual({ position: '42', partnerId: 'p-1', status: 'pending' });
    expect(positionToString(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
  });

  it('never lets an id named position hide the real one', () => {
    expect(toWriteResponse(7, { position: 'fake' } as Record<string, unknown>).position).toBe('7');
  });
});
