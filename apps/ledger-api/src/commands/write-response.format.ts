import type { Position } from '@ledger/event-store';

/**
 * The body of every successful write (api.md, Writes): the log position of its last event, as an
 * opaque string clients pass back as `?minPosition=` to read their own writes, plus the ids the
 * write created or touched.
 */
export type WriteResponse<TIds extends Record<string, unknown> = Record<string, never>> = { readonly position: string } & TIds;

/** Renders a log position for clients: a decimal string, so no client rounds it as a float. */
export function positionToString(position: Position): string {
  return String(position);
}

export function toWriteResponse<TIds extends Record<string, unknown>>(position: Position, ids: TIds): WriteResponse<TIds> {
  return { ...ids, position: positionToString(position) };
}
