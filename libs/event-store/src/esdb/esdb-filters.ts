/**
 * The port's $all filter ({eventTypes, streamPrefixes}) as an EventStoreDB server-side filter.
 *
 * EventStoreDB filters on ONE thing per read or subscription: either the event type or the stream
 * name, by prefixes or by a regular expression (.NET syntax). So:
 * - the server filter always excludes what the ledger never wrote: EventStoreDB's system events
 *   (types and streams starting with `$`) and this adapter's own bookkeeping (the event-id claims,
 *   whose type and stream start with `_`). The port's validation makes every ledger stream name and
 *   event type start with a letter, so "starts with a letter" is exactly "written through the port";
 * - with event types, the server matches the exact types (usually the most selective condition);
 *   with stream prefixes only, it matches the prefixes;
 * - whatever the server could not check (the prefixes when types are given too; a system-named
 *   stream holding a letter-typed event) is checked again in the process by `matches`, the
 *   complete predicate, applied to everything the server sends.
 */
import { eventTypeFilter, streamNameFilter } from '@eventstore/db-client';
import type { Filter } from '@eventstore/db-client';
import type { AllFilter } from '../port';

/** A server-side filter: a regular expression on the event type or on the stream name. */
export interface ServerFilter {
  readonly on: 'event-type' | 'stream-name';
  readonly regex: string;
}

export interface AllFilterPlan {
  /** What EventStoreDB filters before sending. */
  readonly server: ServerFilter;
  /** The whole port filter plus "written through the port": true when the event is delivered. */
  readonly matches: (streamId: string, eventType: string) => boolean;
}

/** Event types (and stream names) written through the port start with a letter. */
export const PORT_NAME_START = /^[A-Za-z]/;

/** Server-side regex of "written through the port", used when the port filter names no types or prefixes. */
export const PORT_EVENT_TYPE_REGEX = '^[A-Za-z]';

/** Escapes every character with a meaning in a .NET (and JavaScript) regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}#\s-]/g, (character) => (/\s/.test(character) ? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}` : `\\${character}`));
}

export function planAllFilter(filter: AllFilter | undefined): AllFilterPlan {
  const eventTypes = [...new Set(filter?.eventTypes ?? [])];
  const streamPrefixes = [...new Set(filter?.streamPrefixes ?? [])];
  const typeSet = new Set(eventTypes);
  const matches = (streamId: string, eventType: string): boolean =>
    PORT_NAME_START.test(streamId) &&
    PORT_NAME_START.test(eventType) &&
    (typeSet.size === 0 || typeSet.has(eventType)) &&
    (streamPrefixes.length === 0 || streamPrefixes.some((prefix) => streamId.startsWith(prefix)));

  let server: ServerFilter;
  if (eventTypes.length > 0) {
    server = { on: 'event-type', regex: `^(?:${eventTypes.map(escapeRegex).join('|')})$` };
  } else if (streamPrefixes.length > 0) {
    // The lookahead keeps system ($…) and bookkeeping (_…) streams out even for an empty prefix.
    server = { on: 'stream-name', regex: `^(?=[A-Za-z])(?:${streamPrefixes.map(escapeRegex).join('|')})` };
  } else {
    server = { on: 'event-type', regex: PORT_EVENT_TYPE_REGEX };
  }
  return { server, matches };
}

/** The server filter in the client's terms, for subscriptions. */
export function toSubscriptionFilter(server: ServerFilter): Filter {
  return server.on === 'event-type' ? eventTypeFilter({ regex: server.regex }) : streamNameFilter({ regex: server.regex });
}
