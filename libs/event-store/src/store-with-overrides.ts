import type { EventStore } from './port/event-store.port';

/**
 * `store` with some of its methods answered by `overrides` — a Proxy rather than a wrapper class,
 * so the store keeps its identity for code that asks what it is (`instanceof SqliteEventStore`
 * tells the log verifier that positions are contiguous). Every other member is the store's own,
 * its methods bound to it (once each).
 */
export function storeWithOverrides<S extends EventStore>(store: S, overrides: Partial<Pick<EventStore, 'readStream' | 'append'>>): S {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      const override = (overrides as Record<PropertyKey, unknown>)[property];
      if (override !== undefined) return override;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let method = bound.get(property);
      if (method === undefined) bound.set(property, (method = (value as (...args: unknown[]) => unknown).bind(target)));
      return method;
    },
  });
}
