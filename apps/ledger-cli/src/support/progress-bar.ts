import { SingleBar } from 'cli-progress';

/** A progress line on stderr: redrawn in place on a terminal, one line every few seconds otherwise (logs, CI). */
export interface ProgressBar {
  update(value: number, total: number, payload: Readonly<Record<string, string>>): void;
  stop(): void;
}

/**
 * `format` uses cli-progress placeholders (`{bar}`, `{percentage}`, `{value}`, `{total}`) and the
 * payload's keys. Rates and times left are computed by the caller (from the work's own pace) and
 * passed in the payload, formatted with `formatDuration` and `formatCount`.
 */
export function createProgressBar(format: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const bar = new SingleBar({
    format,
    stream,
    barsize: 30,
    hideCursor: stream.isTTY ? true : null,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    fps: 5,
  });
  let started = false;
  return {
    update(value, total, payload) {
      if (!started) {
        bar.start(Math.max(1, total), value, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(1, total));
        bar.update(value, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** 1h 02m, 3m 05s, 12s; '—' when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
