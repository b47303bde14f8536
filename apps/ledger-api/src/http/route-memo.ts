import type { ExecutionContext } from '@nestjs/common';

type Handler = ReturnType<ExecutionContext['getHandler']>;
type ClassRef = ReturnType<ExecutionContext['getClass']>;

/**
 * A value computed once per route (handler and class) and then kept: what a guard or interceptor
 * reads from route metadata, which does not change after startup, instead of reflecting on it on
 * every request.
 */
export function routeMemo<T>(read: (handler: Handler, classRef: ClassRef) => T): (context: ExecutionContext) => T {
  const byHandler = new WeakMap<Handler, Map<ClassRef, T>>();
  return (context) => {
    const handler = context.getHandler();
    const classRef = context.getClass();
    let byClass = byHandler.get(handler);
    if (byClass === undefined) byHandler.set(handler, (byClass = new Map()));
    if (byClass.has(classRef)) return byClass.get(classRef) as T;
    const value = read(handler, classRef);
    byClass.set(classRef, value);
    return value;
  };
}
