import type { ExecutionContext } from '@nestjs/common';
import { routeMemo } from './route-memo';

function contextOf(handler: () => void, classRef: new () => object): ExecutionContext {
  return { getHandler: () => handler, getClass: () => classRef } as unknown as ExecutionContext;
}

describe('routeMemo', () => {
  class A {}
  class B {}
  const one = (): void => {};
  const two = (): void => {};

  it('reads once per handler and class, falsy answers included', () => {
    const reads: string[] = [];
    const memo = routeMemo((handler, classRef) => {
      reads.push(`${handler === one ? 'one' : 'two'}:${classRef.name}`);
      return handler === two ? undefined : classRef === A;
    });
    expect([memo(contextOf(one, A)), memo(contextOf(one, A)), memo(contextOf(one, B)), memo(contextOf(one, B))]).toEqual([true, true, false, false]);
    expect([memo(contextOf(two, A)), memo(contextOf(two, A))]).toEqual([undefined, undefined]);
    expect(reads).toEqual(['one:A', 'one:B', 'two:A']);
  });
});
