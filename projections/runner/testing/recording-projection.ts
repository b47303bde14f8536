import type { Projection } from '../projection';

export interface RecordingProjectionOptions {
  readonly name?: string;
  readonly version?: number;
  /** Written into every row, so a spec can tell which version built the tables. */
  readonly label?: string;
  /** Throw while applying the event at this position, after having written its row. */
  readonly failAtPosition?: number;
  /** Called at every applied event, inside the transaction (e.g. to kill the process mid-batch). */
  readonly onApply?: (position: number) => void;
  /** Keep `<name>_log` rows back until the runner calls `flush` (as a writer batching its inserts does). */
  readonly keepsRowsBack?: boolean;
}

/**
 * A small projection for runner specs: one row per event in `<name>_log` (no unique key, so an
 * event applied twice shows up as two rows) and a per-stream counter in `<name>_totals`.
 */
export function recordingProjection(options: RecordingProjectionOptions = {}): Projection {
  const name = options.name ?? 'recording';
  const label = options.label ?? 'v1';
  const log = `${name}_log`;
  const totals = `${name}_totals`;
  return {
    name,
    version: options.version ?? 1,
    tables: [log, totals],
    createSchema(db, tables) {
      db.exec(`CREATE TABLE "${tables[log]}" (position INTEGER NOT NULL, stream_id TEXT NOT NULL, type TEXT NOT NULL, label TEXT NOT NULL)`);
      db.exec(`CREATE INDEX "${tables[log]}_by_position" ON "${tables[log]}" (position)`);
      db.exec(`CREATE TABLE "${tables[totals]}" (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL)`);
    },
    writer(db, tables) {
      const insert = db.prepare(`INSERT INTO "${tables[log]}" (position, stream_id, type, label) VALUES (?, ?, ?, ?)`);
      const count = db.prepare(
        `INSERT INTO "${tables[totals]}" (stream_id, events) VALUES (?, 1) ON CONFLICT (stream_id) DO UPDATE SET events = events + 1`,
      );
      const keptBack: [number, string, string, string][] = [];
      return {
        apply(event) {
          if (options.keepsRowsBack) keptBack.push([event.position, event.streamId, event.type, label]);
          else insert.run(event.position, event.streamId, event.type, label);
          count.run(event.streamId);
          options.onApply?.(event.position);
          if (event.position === options.failAtPosition) throw new Error(`boom at ${event.position}`);
        },
        flush() {
          for (const row of keptBack.splice(0)) insert.run(...row);
        },
      };
    },
  };
}
