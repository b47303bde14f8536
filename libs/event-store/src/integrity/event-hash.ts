import { hash as oneShotHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Tamper evidence: every event written through the command pipeline carries, in
 * `metadata.integrity`, the hash of its own content chained to the hash of the previous event of
 * its stream. Changing, removing or reordering an event afterwards breaks the chain at that point,
 * and `verifyEventLog` reports where. (What a chain alone cannot show — the removal of a stream's
 * last events, or a whole chain recomputed by someone who can write the file — is caught by
 * comparing with stream heads published earlier: see RELIABILITY.md, "Anchoring".)
 */

/** The metadata key holding an event's link in its stream's hash chain. */
export const INTEGRITY_KEY = 'integrity';

/** The only hash algorithm so far; a new one would get a new name here and in `alg`. */
export const INTEGRITY_ALGORITHM = 'sha256';

/** `metadata.integrity` of a chained event. */
export interface EventIntegrity {
  /** Hash algorithm: `sha256`. */
  readonly alg: typeof INTEGRITY_ALGORITHM;
  /** `hash` of the previous event (revision − 1) of the same stream; null for revision 0. */
  readonly prev: string | null;
  /** Lower-case hex SHA-256 of `canonicalJson({streamId, revision, type, data, metadata without integrity, prev})`. */
  readonly hash: string;
}

/** What the hash covers: the event's place in its stream, its content and its link to the previous event. */
export interface HashedContent {
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  /** The event's metadata; its `integrity` entry, if any, is left out of the hash. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly prev: string | null;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The hash of an event. Covered: stream, revision, type, data, every metadata field except
 * `integrity` (actor, command, correlation, causation, occurredAt, schemaVersion, anything added
 * later), and the previous hash. Not covered: the event id, the global position and `recordedAt`,
 * which the store assigns or which differ between stores the log may be copied to.
 */
export function hashEvent(content: HashedContent): string {
  const text = canonicalJson({
    streamId: content.streamId,
    revision: content.revision,
    type: content.type,
    data: content.data,
    metadata: metadataWithoutIntegrity(content.metadata),
    prev: content.prev,
  });
  // One-shot: no Hash object whose native context waits for a GC to be freed (a walk of the log
  // hashes a million events; those contexts piled up in the verifying thread's malloc arena).
  return oneShotHash(INTEGRITY_ALGORITHM, text, 'hex');
}

/** The metadata as hashed: everything but the `integrity` entry. */
export function metadataWithoutIntegrity(metadata: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!Object.prototype.hasOwnProperty.call(metadata, INTEGRITY_KEY)) return { ...metadata };
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(metadata)) if (key !== INTEGRITY_KEY) rest[key] = metadata[key];
  return rest;
}

/** Reading `metadata.integrity`: a well-formed link, absent, or present but unusable (and why). */
export type IntegrityReading =
  | { readonly status: 'chained'; readonly integrity: EventIntegrity }
  | { readonly status: 'absent' }
  | { readonly status: 'malformed'; readonly reason: string };

/** Reads and checks the shape of an event's `metadata.integrity`. */
export function readIntegrity(metadata: Readonly<Record<string, unknown>>): IntegrityReading {
  if (!Object.prototype.hasOwnProperty.call(metadata, INTEGRITY_KEY)) return { status: 'absent' };
  const value = metadata[INTEGRITY_KEY];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { status: 'malformed', reason: 'metadata.integrity is not an object' };
  }
  const { alg, prev, hash } = value as Record<string, unknown>;
  if (alg !== INTEGRITY_ALGORITHM) return { status: 'malformed', reason: `unknown algorithm ${JSON.stringify(alg)}` };
  if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) return { status: 'malformed', reason: 'hash is not 64 lower-case hex digits' };
  if (prev !== null && (typeof prev !== 'string' || !SHA256_HEX.test(prev))) {
    return { status: 'malformed', reason: 'prev is neither null nor 64 lower-case hex digits' };
  }
  return { status: 'chained', integrity: { alg, prev, hash } };
}
