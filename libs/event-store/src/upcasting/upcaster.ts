import type { RecordedEvent } from '../port';

/**
 * Schema evolution of stored events (docs/event-contract.md, "Changing an event").
 *
 * Events are facts and are never rewritten (domain §6). When the shape of an event type's `data`
 * has to change, the writers start recording the new shape under the next `metadata.schemaVersion`
 * and an upcaster turns the previous shape into the new one whenever an old event is read. Readers
 * (deciders, projections, subscribers) then only ever see the current shape, while the log keeps
 * what was written.
 */

/** The version of an event whose metadata names none: everything written before versioning existed. */
export const FIRST_SCHEMA_VERSION = 1;

/**
 * Turns the `data` of one event type from version `fromVersion` into version `fromVersion + 1`.
 * It must be pure and total: same input, same output, for every event ever stored in that version
 * (the log cannot be fixed afterwards), and it must not throw.
 */
export interface Upcaster<TFrom = unknown, TTo = unknown> {
  readonly eventType: string;
  readonly fromVersion: number;
  /** Why the shape changed, for the catalogue (docs/event-contract.md). */
  readonly description: string;
  /** `event` is the stored event as read (its `data` is `data`), for upcasters that need its metadata. */
  upcast(data: TFrom, event: RecordedEvent): TTo;
}

/** An event type's current schema version and the chain that leads to it. */
export interface EventTypeVersions {
  readonly eventType: string;
  readonly currentVersion: number;
  readonly upcasters: readonly Upcaster[];
}

/**
 * The upcasters of a ledger, by event type and version. Registering checks that each type's chain
 * is complete (1 → 2 → … → current, no gap, no duplicate), so a missing step is a startup error,
 * never a silently unconverted event.
 */
export class UpcasterRegistry {
  private readonly chains = new Map<string, Upcaster[]>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    const { eventType, fromVersion } = upcaster;
    if (!Number.isInteger(fromVersion) || fromVersion < FIRST_SCHEMA_VERSION) {
      throw new RangeError(`Upcaster for ${eventType}: fromVersion must be an integer >= ${FIRST_SCHEMA_VERSION}, got ${fromVersion}.`);
    }
    const chain = this.chains.get(eventType) ?? [];
    const expected = FIRST_SCHEMA_VERSION + chain.length;
    if (fromVersion !== expected) {
      throw new RangeError(
        `Upcaster for ${eventType} from version ${fromVersion}: register the versions in order without gaps; the next one must start at version ${expected}.`,
      );
    }
    chain.push(upcaster);
    this.chains.set(eventType, chain);
    return this;
  }

  /** The version writers record today: 1 for a type no upcaster mentions. */
  currentVersionOf(eventType: string): number {
    return FIRST_SCHEMA_VERSION + (this.chains.get(eventType)?.length ?? 0);
  }

  /** Every event type with at least one upcaster, for documentation and contracts. */
  versionedTypes(): EventTypeVersions[] {
    return [...this.chains.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([eventType, upcasters]) => ({ eventType, currentVersion: FIRST_SCHEMA_VERSION + upcasters.length, upcasters: [...upcasters] }));
  }

  get isEmpty(): boolean {
    return this.chains.size === 0;
  }

  /**
   * The event in its type's current shape: `data` run through every upcaster from the recorded
   * version on, and `metadata.schemaVersion` saying the version the data now has. An event already
   * current — or recorded by a newer writer than this reader knows — is returned as it is.
   */
  upcast(event: RecordedEvent): RecordedEvent {
    const chain = this.chains.get(event.type);
    if (!chain) return event;
    const recorded = schemaVersionOf(event);
    const current = FIRST_SCHEMA_VERSION + chain.length;
    if (recorded >= current) return event;
    let data = event.data;
    for (let version = recorded; version < current; version += 1) {
      data = chain[version - FIRST_SCHEMA_VERSION]!.upcast(data, { ...event, data });
    }
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: current } };
  }
}

/** The version an event was recorded in: `metadata.schemaVersion`, or 1 when absent or unreadable. */
export function schemaVersionOf(event: Pick<RecordedEvent, 'metadata'>): number {
  const version = event.metadata.schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) && version >= FIRST_SCHEMA_VERSION ? version : FIRST_SCHEMA_VERSION;
}
