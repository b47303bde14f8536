/*
 * What the test-only prototype probe (prototype-probe.module.ts, loaded into the API process)
 * answers; kept apart from the module so the test process can import it without NestJS.
 */

/** Path of the probe, relative to the API's base URL. */
export const PROTOTYPE_PROBE_PATH = '/v1/reliability-probe/prototypes';

/** Own property names of the prototypes every request's objects inherit from. */
export interface PrototypeSnapshot {
  readonly object: readonly string[];
  readonly array: readonly string[];
  readonly string: readonly string[];
  readonly function: readonly string[];
  /** What a fresh object literal says for keys a pollution would typically set. */
  readonly freshObjectSees: Readonly<Record<string, string>>;
}

