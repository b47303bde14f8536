import type { Position } from '../port';

/** Bytes of a SHA-256 hash: links are kept as bytes, not as 64-character strings. */
const HASH_BYTES = 32;
const INITIAL_CAPACITY = 1024;

/** Revisions of a stream skipped so far ([from, to] inclusive): missing, unless they turn up later (reordered). */
export interface StreamGaps {
  /** The stream's slot: the order streams were first seen in (the report lists gaps in that order). */
  readonly slot: number;
  readonly ranges: Array<[number, number]>;
  /** Position of the event that revealed each gap, for the report. */
  readonly positions: Position[];
}

/**
 * What the verifier remembers of every stream while it walks the log, packed: one Map entry from
 * the stream id to a slot, and per slot the last revision (a Float64Array) and the hash the next
 * revision must link to (32 bytes of one Buffer) — about 120 bytes a stream, where an object per
 * stream with its hash as a string and two arrays for gaps took about 330, and most of a 1M-event
 * log's verification heap was that state (BENCHMARKS.md, Memory). Gaps exist only after tampering,
 * so they live in a separate map, for the streams that have any.
 */
export class StreamStates {
  private readonly slots = new Map<string, number>();
  private readonly ids: string[] = [];
  private revisions = new Float64Array(INITIAL_CAPACITY);
  private links = Buffer.alloc(INITIAL_CAPACITY * HASH_BYTES);
  /** 1 when the slot has a link; 0 after an unreadable row (nothing to compare the next `prev` with). */
  private linked = new Uint8Array(INITIAL_CAPACITY);
  private readonly gaps = new Map<string, StreamGaps>();

  /** Streams seen so far. */
  get size(): number {
    return this.ids.length;
  }

  /** The stream's slot, or -1 when it has not been seen. */
  slotOf(streamId: string): number {
    return this.slots.get(streamId) ?? -1;
  }

  /** Remembers a new stream at `revision`, linking to `link` (a lower-case hex SHA-256, or undefined). */
  add(streamId: string, revision: number, link: string | undefined): number {
    const slot = this.ids.length;
    if (slot === this.revisions.length) this.grow();
    this.slots.set(streamId, slot);
    this.ids.push(streamId);
    this.set(slot, revision, link);
    return slot;
  }

  set(slot: number, revision: number, link: string | undefined): void {
    this.revisions[slot] = revision;
    if (link === undefined) this.linked[slot] = 0;
    else {
      this.links.write(link, slot * HASH_BYTES, HASH_BYTES, 'hex');
      this.linked[slot] = 1;
    }
  }

  revisionOf(slot: number): number {
    return this.revisions[slot]!;
  }

  /** The hash the slot's next revision must link to (lower-case hex), or undefined after an unreadable row. */
  linkOf(slot: number): string | undefined {
    return this.linked[slot] === 1 ? this.links.toString('hex', slot * HASH_BYTES, (slot + 1) * HASH_BYTES) : undefined;
  }

  /** The stream's gaps, if it has any. */
  gapsOf(streamId: string): StreamGaps | undefined {
    return this.gaps.get(streamId);
  }

  /** Records that revisions `from`–`to` of the stream were skipped, seen at `position`. */
  addGap(streamId: string, slot: number, from: number, to: number, position: Position): void {
    let gaps = this.gaps.get(streamId);
    if (gaps === undefined) this.gaps.set(streamId, (gaps = { slot, ranges: [], positions: [] }));
    gaps.ranges.push([from, to]);
    gaps.positions.push(position);
  }

  /** Every stream with gaps, in the order the streams were first seen. */
  allGaps(): Array<[string, StreamGaps]> {
    return [...this.gaps].sort(([, a], [, b]) => a.slot - b.slot);
  }

  /** The heads (streams with a link), in the order the streams were first seen. */
  *heads(): IterableIterator<[string, { revision: number; hash: string }]> {
    for (let slot = 0; slot < this.ids.length; slot += 1) {
      const hash = this.linkOf(slot);
      if (hash !== undefined) yield [this.ids[slot]!, { revision: this.revisions[slot]!, hash }];
    }
  }

  /**
   * The heads (streams with a link) sorted by stream id (JavaScript string order), each read from
   * this state as it is yielded: only the sorted order of the slots is held besides.
   */
  *sortedHeads(): IterableIterator<{ readonly streamId: string; readonly revision: number; readonly hash: string }> {
    const order: number[] = [];
    for (let slot = 0; slot < this.ids.length; slot += 1) if (this.linked[slot] === 1) order.push(slot);
    const ids = this.ids;
    order.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
    for (const slot of order) yield { streamId: ids[slot]!, revision: this.revisions[slot]!, hash: this.linkOf(slot)! };
  }

  private grow(): void {
    const capacity = this.revisions.length * 2;
    const revisions = new Float64Array(capacity);
    revisions.set(this.revisions);
    const links = Buffer.alloc(capacity * HASH_BYTES);
    this.links.copy(links);
    const linked = new Uint8Array(capacity);
    linked.set(this.linked);
    this.revisions = revisions;
    this.links = links;
    this.linked = linked;
  }
}
