/**
 * The benchmark's plug-in shape: each scenario module exports one `BenchScenario`, and main.ts
 * lists them in its registry. A scenario measures its own ceiling in the same run (so the ratio
 * compares like with like on whatever machine runs it) and returns rows for the shared table.
 */
export interface BenchOptions {
  /** A short run for a smoke check (CI, a laptop): fewer events and rounds, noisier figures. */
  readonly quick: boolean;
  /** A fresh folder the scenario may write its database files into; removed after the run. */
  readonly workDir: string;
}

export interface BenchRow {
  readonly scenario: string;
  /** What was measured, formatted (e.g. "6,512 ev/s"). */
  readonly result: string;
  /** What it is compared with, measured in the same run. */
  readonly ceiling: string;
  /** result / ceiling, formatted; empty when the row is informational. */
  readonly ratio: string;
  /** The target for the ratio, e.g. "≥ 80 %"; empty when there is none. */
  readonly target: string;
  /** Whether the target was met; null when the row has no target. */
  readonly met: boolean | null;
}

export interface BenchScenario {
  readonly name: string;
  run(options: BenchOptions): Promise<BenchRow[]>;
}

export const formatRate = (eventsPerSecond: number): string =>
  `${Math.round(eventsPerSecond).toLocaleString('en-US')} ev/s`;

export const formatPercent = (ratio: number): string => `${(ratio * 100).toFixed(0)} %`;

export const formatTimes = (ratio: number): string => `${ratio.toFixed(1)}×`;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Seconds elapsed while `work` runs. */
export async function timeIt(work: () => Promise<void> | void): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}
