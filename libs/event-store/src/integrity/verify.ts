import type { Position, RecordedEvent } from '../port';
import { hashEvent, readIntegrity } from './event-hash';
import type { LogEntry, VerificationSource } from './log-source';
import { type StreamGaps, StreamStates } from './stream-states';

/**
 * What can be wrong with the log, each reported with the stream and revision (or position) where
 * it shows:
 * - `modified`: an event's content no longer matches the hash it carries (data, type, metadata,
 *   revision or stream changed, or the hash itself);
 * - `broken-link`: an event's `prev` is not the hash of the event before it in its stream (that
 *   event was replaced, or the chain was cut and re-joined);
 * - `missing-revision`: revisions of a stream that never appear (a deleted event);
 * - `reordered`: a revision stored after a later revision of its stream (position order and
 *   revision order disagree: rows were swapped or renumbered);
 * - `duplicate-revision`: a revision stored twice;
 * - `unchained`: an event without (well-formed) `metadata.integrity`: nothing vouches for it;
 * - `unreadable`: a row whose JSON or columns cannot be read as an event;
 * - `position-gap`: positions missing from a store that numbers them without gaps (a deleted row);
 * - `truncated-log`: the store handed out positions beyond the last row (the log's last rows were deleted);
 * - `anchor-mismatch` / `anchor-missing`: a stream head published earlier (an anchor) has another
 *   hash now, or its revision is gone (the chain was rewritten, or the stream truncated).
 */
export type IntegrityProblemKind =
  | 'modified'
  | 'broken-link'
  | 'missing-revision'
  | 'reordered'
  | 'duplicate-revision'
  | 'unchained'
  | 'unreadable'
  | 'position-gap'
  | 'truncated-log'
  | 'anchor-mismatch'
  | 'anchor-missing';

export interface IntegrityProblem {
  readonly kind: IntegrityProblemKind;
  /** The stream concerned; null for problems of the global log (position gaps, truncation). */
  readonly streamId: string | null;
  /** The revision concerned (the first one of a range of missing revisions); null when not known. */
  readonly revision: number | null;
  /** Where in the global log it shows; null when it is about something absent. */
  readonly position: Position | null;
  /** What was found, for people. */
  readonly detail: string;
}

/** The hash of a stream's last event, as of a verification: what an auditor records to anchor the log. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/** A stream head recorded earlier (e.g. from `GET /v1/audit/verification`), to check against the current log. */
export interface HeadAnchor {
  readonly streamId: string;
  readonly revision: number;
  readonly hash: string;
}

/** What a verification found, without the stream heads. */
export interface VerificationSummary {
  /** True when no problem was found. */
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  /** Every problem found (in log order, then missing revisions, then anchors), up to `maxProblems`. */
  readonly problems: readonly IntegrityProblem[];
  /** How many problems were found in all; more than `problems.length` when the list was capped. */
  readonly problemCount: number;
  /** When the walk started and ended, ISO 8601 UTC. */
  readonly startedAt: string;
  readonly checkedAt: string;
  /** The log was verified up to and including this position (its head when the walk began). */
  readonly headPosition: Position;
  /** What was verified (a file path, "event store"). */
  readonly source: string;
}

export interface VerificationResult extends VerificationSummary {
  /** Each stream's last revision and the hash the next event must link to (the head to anchor). */
  readonly heads: Readonly<Record<string, StreamHead>>;
}

export interface VerifyOptions {
  /** Rows read at a time; memory holds one page plus one small entry per stream. Default 1000. */
  readonly pageSize?: number;
  /** Problems kept in the result (all are counted, and all go to `onProblem`). Default 10,000. */
  readonly maxProblems?: number;
  /** Stream heads published earlier: each must still be in the log with the same hash. */
  readonly anchors?: readonly HeadAnchor[];
  /** Called for every problem as it is found (a CLI prints them without keeping them all). */
  readonly onProblem?: (problem: IntegrityProblem) => void;
  /** Called after each page. */
  readonly onProgress?: (progress: { readonly eventsChecked: number; readonly position: Position; readonly headPosition: Position }) => void;
  /** Stops the walk between pages (the run then rejects with the signal's reason). */
  readonly signal?: AbortSignal;
  /** The clock, for tests. */
  readonly now?: () => Date;
}

const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_MAX_PROBLEMS = 10_000;

/**
 * Walks the whole log once, in position order, page by page, and checks every stream's hash chain
 * (see event-hash.ts): each event's hash against its content, each `prev` against the previous
 * revision's hash, revisions without gaps, duplicates or reordering, positions without gaps where
 * the store promises that, and earlier-published heads (anchors) still present. Memory is one
 * page plus, per stream, its last revision and hash, packed (StreamStates: ≈ 120 bytes a stream).
 * Reports every problem, not just the first.
 *
 * The walk covers the log up to its head when it starts; a store being written meanwhile is fine
 * (later events are simply not part of this verification).
 *
 * What it cannot see on its own: the removal of a stream's last event(s) (the rest of the chain is
 * intact) and a chain rewritten consistently from some revision to the end of its stream (every
 * hash recomputed). Both change the stream's head, which anchors catch — see RELIABILITY.md.
 */
export async function verifyEventLog(source: VerificationSource, options: VerifyOptions = {}): Promise<VerificationResult> {
  const { summary, streams } = await walk(source, options);
  return { ...summary, heads: Object.fromEntries(streams.heads()) };
}

/**
 * `verifyEventLog` with the heads yielded one at a time in stream id order instead of one object
 * per stream held at once: for a caller that writes them out (the API writes them to a file).
 */
export async function verifyEventLogToSortedHeads(
  source: VerificationSource,
  options: VerifyOptions = {},
): Promise<{ readonly summary: VerificationSummary; readonly heads: Iterable<{ readonly streamId: string } & StreamHead> }> {
  const { summary, streams } = await walk(source, options);
  return { summary, heads: streams.sortedHeads() };
}

async function walk(source: VerificationSource, options: VerifyOptions): Promise<{ summary: VerificationSummary; streams: StreamStates }> {
  const now = options.now ?? (() => new Date());
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}.`);
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const startedAt = now().toISOString();
  const problems: IntegrityProblem[] = [];
  let problemCount = 0;
  const report = (problem: IntegrityProblem): void => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push(problem);
    options.onProblem?.(problem);
  };

  const anchors = groupAnchors(options.anchors ?? []);
  const streams = new StreamStates();
  const snapshot = await source.snapshot();
  let eventsChecked = 0;
  let lastPosition: Position = 0;

  const checkPosition = (position: Position): void => {
    if (snapshot.positionsContiguous && position > lastPosition + 1) {
      const from = lastPosition + 1;
      const to = position - 1;
      report({
        kind: 'position-gap',
        streamId: null,
        revision: null,
        position: from,
        detail: from === to ? `position ${from} is missing: a row was deleted` : `positions ${from}–${to} are missing: ${to - from + 1} rows were deleted`,
      });
    }
    lastPosition = position;
  };

  while (lastPosition < snapshot.headPosition) {
    options.signal?.throwIfAborted();
    const page = await source.readPage(lastPosition, snapshot.headPosition, pageSize);
    if (page.length === 0) break;
    for (const entry of page) {
      checkPosition(positionOf(entry));
      eventsChecked += 1;
      if (entry.readable) checkEvent(entry.event, streams, anchors, report);
      else checkUnreadable(entry, streams, report);
    }
    options.onProgress?.({ eventsChecked, position: lastPosition, headPosition: snapshot.headPosition });
    // Let other work of the process (HTTP requests, appends) run between pages.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  options.signal?.throwIfAborted();

  if (snapshot.lastAssignedPosition !== null && snapshot.lastAssignedPosition > lastPosition) {
    const from = lastPosition + 1;
    const to = snapshot.lastAssignedPosition;
    report({
      kind: 'truncated-log',
      streamId: null,
      revision: null,
      position: from,
      detail: `the store handed out positions up to ${to} but its last row is at ${lastPosition}: the last ${to - lastPosition} row(s) of the log were deleted`,
    });
  }
  for (const [streamId, gaps] of streams.allGaps()) {
    gaps.ranges.forEach(([from, to], index) =>
      report({
        kind: 'missing-revision',
        streamId,
        revision: from,
        position: null,
        detail: `${from === to ? `revision ${from} is` : `revisions ${from}–${to} are`} missing (the stream jumps to a later revision at position ${gaps.positions[index]}): deleted event(s)`,
      }),
    );
  }
  for (const anchor of [...anchors.values()].flat()) {
    if (!anchor.seen) {
      report({
        kind: 'anchor-missing',
        streamId: anchor.streamId,
        revision: anchor.revision,
        position: null,
        detail: `the anchored head (revision ${anchor.revision}, hash ${anchor.hash}) is no longer in the log: the stream was truncated or deleted`,
      });
    }
  }

  const summary: VerificationSummary = {
    ok: problemCount === 0,
    eventsChecked,
    streamsChecked: streams.size,
    problems,
    problemCount,
    startedAt,
    checkedAt: now().toISOString(),
    headPosition: snapshot.headPosition,
    source: source.description,
  };
  return { summary, streams };
}

interface PendingAnchor extends HeadAnchor {
  seen: boolean;
}

function groupAnchors(anchors: readonly HeadAnchor[]): Map<string, PendingAnchor[]> {
  const byStream = new Map<string, PendingAnchor[]>();
  for (const anchor of anchors) {
    const list = byStream.get(anchor.streamId) ?? [];
    list.push({ ...anchor, seen: false });
    byStream.set(anchor.streamId, list);
  }
  return byStream;
}

function positionOf(entry: LogEntry): Position {
  return entry.readable ? entry.event.position : entry.position;
}

function checkEvent(
  event: RecordedEvent,
  streams: StreamStates,
  anchors: Map<string, PendingAnchor[]>,
  report: (problem: IntegrityProblem) => void,
): void {
  const at = { streamId: event.streamId, revision: event.revision, position: event.position };
  const reading = readIntegrity(event.metadata);
  let link: string;
  if (reading.status === 'chained') {
    const { prev, hash } = reading.integrity;
    const computed = hashEvent({ ...event, prev });
    if (computed !== hash) {
      report({ ...at, kind: 'modified', detail: `the content does not match its hash: stored ${hash}, computed ${computed}` });
    }
    link = hash;
  } else {
    report({
      ...at,
      kind: 'unchained',
      detail: reading.status === 'absent' ? 'the event carries no metadata.integrity' : `metadata.integrity is unusable: ${reading.reason}`,
    });
    // The chain restarts from this event's content (the writer's rule too: see linkHashOf).
    link = hashEvent({ ...event, prev: null });
  }
  const prev = reading.status === 'chained' ? reading.integrity.prev : undefined;

  const slot = streams.slotOf(event.streamId);
  const expectedRevision = slot < 0 ? 0 : streams.revisionOf(slot) + 1;
  if (event.revision === expectedRevision) {
    if (prev !== undefined) {
      const expectedPrev = slot < 0 ? null : streams.linkOf(slot);
      if (expectedPrev !== undefined && prev !== expectedPrev) {
        report({
          ...at,
          kind: 'broken-link',
          detail:
            expectedPrev === null
              ? `revision 0 must start the chain (prev null) but names ${prev}`
              : `prev is ${prev ?? 'null'} but the previous revision's hash is ${expectedPrev}`,
        });
      }
    }
    if (slot < 0) streams.add(event.streamId, event.revision, link);
    else streams.set(slot, event.revision, link);
  } else if (event.revision > expectedRevision) {
    // The revisions in between have not been seen: deleted, unless they turn up later (reordered).
    let gapSlot = slot;
    if (gapSlot < 0) gapSlot = streams.add(event.streamId, event.revision, link);
    else streams.set(gapSlot, event.revision, link);
    streams.addGap(event.streamId, gapSlot, expectedRevision, event.revision - 1, event.position);
  } else {
    // A revision at or below one already seen (the stream has a slot here).
    const gaps = streams.gapsOf(event.streamId);
    const gapIndex = gaps === undefined ? -1 : gaps.ranges.findIndex(([from, to]) => event.revision >= from && event.revision <= to);
    if (gapIndex >= 0) {
      fillGap(gaps!, gapIndex, event.revision);
      report({
        ...at,
        kind: 'reordered',
        detail: `revision ${event.revision} is stored after revision ${streams.revisionOf(slot)} of its stream (position order and revision order disagree)`,
      });
    } else {
      report({ ...at, kind: 'duplicate-revision', detail: `revision ${event.revision} of this stream was already seen at an earlier position` });
    }
  }

  for (const anchor of anchors.get(event.streamId) ?? []) {
    if (anchor.revision !== event.revision) continue;
    anchor.seen = true;
    if (anchor.hash !== link) {
      report({ ...at, kind: 'anchor-mismatch', detail: `the anchored head had hash ${anchor.hash}; this revision's hash is now ${link}` });
    }
  }
}

/** Takes one revision out of a gap (splitting it if needed): it was not missing, only out of place. */
function fillGap(gaps: StreamGaps, index: number, revision: number): void {
  const [from, to] = gaps.ranges[index]!;
  const position = gaps.positions[index]!;
  const rest: Array<[number, number]> = [];
  if (from < revision) rest.push([from, revision - 1]);
  if (revision < to) rest.push([revision + 1, to]);
  gaps.ranges.splice(index, 1, ...rest);
  gaps.positions.splice(index, 1, ...rest.map(() => position));
}

/** A row that cannot be read: report it, and count its revision as present (its content is unknown). */
function checkUnreadable(
  entry: Extract<LogEntry, { readable: false }>,
  streams: StreamStates,
  report: (problem: IntegrityProblem) => void,
): void {
  report({ kind: 'unreadable', streamId: entry.streamId, revision: entry.revision, position: entry.position, detail: entry.reason });
  if (entry.streamId === null || entry.revision === null) return;
  const slot = streams.slotOf(entry.streamId);
  if (slot < 0) streams.add(entry.streamId, entry.revision, undefined);
  else if (entry.revision > streams.revisionOf(slot)) {
    if (entry.revision > streams.revisionOf(slot) + 1) {
      streams.addGap(entry.streamId, slot, streams.revisionOf(slot) + 1, entry.revision - 1, entry.position);
    }
    streams.set(slot, entry.revision, undefined);
  }
}
