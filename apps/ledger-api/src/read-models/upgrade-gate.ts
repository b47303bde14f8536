import { problem, ProblemException } from '../errors/problem-details';

/**
 * Which projections the API cannot answer queries of yet: those whose serving tables are of another
 * version than the code's. After an upgrade that changed a projection's version, the runner keeps
 * serving its old tables (frozen) while it rebuilds them in the new shape, and swaps them in when
 * done; the new code's queries cannot be assumed to read the old shape (docs/decisions/0008), so
 * they answer 503 `unavailable` meanwhile instead of failing on a missing column.
 */
export class UpgradeGate {
  /** Projection name → the version its serving tables have, for those that differ from the code. */
  private waiting: ReadonlyMap<string, number> = new Map();

  constructor(private readonly codeVersions: ReadonlyMap<string, number>) {}

  /** True while some projection still serves tables of another version. */
  get upgrading(): boolean {
    return this.waiting.size > 0;
  }

  /** What the read-model file says each projection serves now (`readServingVersions`). */
  update(servingVersions: ReadonlyMap<string, number>): void {
    const waiting = new Map<string, number>();
    for (const [name, version] of this.codeVersions) {
      const serving = servingVersions.get(name);
      if (serving !== undefined && serving !== version) waiting.set(name, serving);
    }
    this.waiting = waiting;
  }

  /** Each projection still waiting, with its serving version. */
  describe(): Record<string, number> {
    return Object.fromEntries(this.waiting);
  }

  /** Throws 503 `unavailable` (Retry-After: 5) when one of `projections` is still waiting for its rebuild. */
  assertReadable(projections: readonly string[]): void {
    if (this.waiting.size === 0) return;
    const blocked = projections.filter((name) => this.waiting.has(name));
    if (blocked.length === 0) return;
    const versions = blocked.map((name) => `${name} version ${this.waiting.get(name)} → ${this.codeVersions.get(name)}`).join(', ');
    throw new ProblemException(
      problem(503, 'unavailable', `Read model being rebuilt for a new version (${versions}); its queries answer once the rebuild swaps in. Retry shortly.`, {
        details: { projections: blocked },
      }),
      { 'retry-after': '5' },
    );
  }
}
