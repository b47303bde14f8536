import * as path from 'node:path';
import type { CliContext } from '../cli-context';

/** The embedded store's file inside a data dir: the name the API opens (apps/ledger-api event-store module). */
export const EVENTS_DB_FILE = 'events.db';

/** `--data-dir`, else LEDGER_DATA_DIR, else ./data — resolved against the working directory, as the API resolves it. */
export function resolveDataDir(option: string | undefined, context: CliContext): string {
  return path.resolve(context.cwd, option ?? context.env.LEDGER_DATA_DIR ?? './data');
}
