import * as path from 'node:path';
import { ConcurrencyError, DuplicateEventIdError, InvalidEventError, START, StoreUnavailableError } from '@ledger/event-store';
import type { EventStore, NewEvent, Position, RecordedEvent } from '@ledger/event-store';
import { Command } from 'commander';
import { ESDB_MAX_APPEND_BYTES, esdbEventBytes } from '../../../../libs/event-store/src/esdb/esdb-append';
import { CliError, type CliContext } from '../cli-context';
import { createProgressBar, formatCount, formatDuration } from '../support/progress-bar';
import { type StoreSpec, describeStore, openStore } from '../support/store-spec';

/*
 * `ledger copy --from <store> --to <store>`: copies an event log into another store — typically the
 * embedded SQLite file into EventStoreDB when a ledger outgrows it — keeping every stream's
 * revisions and every event's id, data and metadata. Positions are the target's own (they are
 * where an event sits in that log), and so is the time each event is recorded.
 *
 * - Order: the source log is read in its global order and appended in that order, so the
 *   target's log (what its read models are rebuilt from) has every event after the ones it
 *   followed in the source. Consecutive events of one stream travel in one append, within the
 *   target's request limit (EventStoreDB: 1 MiB as it counts them).
 * - Exact: each append names the exact expected revision, so a copy never lands on top of other
 *   writes; a target stream that diverges from the source stops the copy with an explanation.
 * - Resumable: before appending, the target's last revision of the stream is looked up; events
 *   already there (same ids at the same revisions, checked) are skipped. An interrupted copy is
 *   finished by running the same command again.
 */

/**
 * Parses `--from` / `--to`: `sqlite:<path>` (relative to the working directory), `esdb` (the
 * connection string from --connection or ESDB_CONNECTION_STRING) or an `esdb://…` /
 * `esdb+discover://…` connection string itself.
 */
export function parseStoreSpec(text: string, connection: string | undefined, context: Pick<CliContext, 'cwd' | 'env'>): StoreSpec {
  if (text.startsWith('sqlite:')) {
    const file = text.slice('sqlite:'.length);
    if (file === '') throw new CliError('sqlite: needs a file, e.g. sqlite:./data/events.db.');
    return { kind: 'sqlite', file: path.resolve(context.cwd, file) };
  }
  if (/^esdb(\+discover)?:\/\//.test(text)) return { kind: 'esdb', connectionString: text };
  if (text === 'esdb') {
    const connectionString = connection ?? (context.env.ESDB_CONNECTION_STRING?.trim() || undefined);
    if (!connectionString) throw new CliError('esdb needs a connection string: --connection esdb://host:2113?tls=false, or ESDB_CONNECTION_STRING.');
    return { kind: 'esdb', connectionString };
  }
  throw new CliError(`"${text}" is not a store: use sqlite:<file>, esdb (with --connection or ESDB_CONNECTION_STRING) or an esdb:// connection string.`);
}

/** One append of the copy: consecutive events of one stream, at consecutive revisions. */
export interface CopyChunk {
  readonly streamId: string;
  /** Revision of the first event. */
  readonly fromRevision: number;
  readonly events: readonly RecordedEvent[];
}

export interface ChunkLimits {
  /** Most bytes in one append, counted as EventStoreDB counts them (data + metadata + 2 × type length). */
  readonly maxAppendBytes: number;
  /** Most events in one append. */
  readonly maxEvents: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxAppendBytes: ESDB_MAX_APPEND_BYTES, maxEvents: 500 };

/** An event's size in an append, as EventStoreDB counts it. */
export function copyEventBytes(event: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): number {
  return esdbEventBytes({ type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) });
}

/**
 * Cuts a page of the source log (global order) into appends: a run of consecutive events of one
 * stream at consecutive revisions, split where it would pass a limit. An event over the byte limit
 * on its own gets its own chunk (the target will refuse it, naming it).
 */
export function planChunks(events: readonly RecordedEvent[], limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): CopyChunk[] {
  const chunks: CopyChunk[] = [];
  let run: RecordedEvent[] = [];
  let runBytes = 0;
  const flush = (): void => {
    if (run.length > 0) chunks.push({ streamId: run[0]!.streamId, fromRevision: run[0]!.revision, events: run });
    run = [];
    runBytes = 0;
  };
  for (const event of events) {
    const bytes = copyEventBytes(event);
    const previous = run[run.length - 1];
    const continues = previous !== undefined && previous.streamId === event.streamId && previous.revision + 1 === event.revision;
    if (!continues || run.length >= limits.maxEvents || runBytes + bytes > limits.maxAppendBytes) flush();
    run.push(event);
    runBytes += bytes;
  }
  flush();
  return chunks;
}

export interface CopyProgress {
  /** Source position reached. */
  readonly position: Position;
  /** Source head when the copy started. */
  readonly head: Position;
  readonly copied: number;
  readonly skipped: number;
  readonly elapsedMs: number;
}

export interface CopyReport {
  /** Events appended to the target. */
  readonly copied: number;
  /** Events the target already had (an earlier, interrupted run). */
  readonly skipped: number;
  readonly appends: number;
  readonly streams: number;
  readonly elapsedMs: number;
}

export interface CopyOptions {
  readonly limits?: ChunkLimits;
  /** Source events read per page. Default 1000. */
  readonly pageSize?: number;
  readonly onProgress?: (progress: CopyProgress) => void;
  /** Checked between appends: true stops the copy (it can be resumed). */
  readonly stopRequested?: () => boolean;
}

/** Copies every event of `source` into `target` (see the header). */
export async function copyEvents(source: EventStore, target: EventStore, options: CopyOptions = {}): Promise<CopyReport> {
  const started = Date.now();
  const limits = options.limits ?? DEFAULT_CHUNK_LIMITS;
  const pageSize = options.pageSize ?? 1000;
  const head = await source.headPosition();
  /** The target's last revision per stream, as far as this copy knows (-1: no stream). */
  const targetRevisions = new Map<string, number>();
  let copied = 0;
  let skipped = 0;
  let appends = 0;

  const targetRevision = async (streamId: string): Promise<number> => {
    let revision = targetRevisions.get(streamId);
    if (revision === undefined) {
      const [last] = await target.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      revision = last?.revision ?? -1;
      targetRevisions.set(streamId, revision);
    }
    return revision;
  };

  const copyChunk = async (chunk: CopyChunk): Promise<void> => {
    const last = chunk.fromRevision + chunk.events.length - 1;
    const there = await targetRevision(chunk.streamId);
    if (there < chunk.fromRevision - 1) {
      throw new CliError(
        `The target's stream ${chunk.streamId} ends at revision ${there} but the source continues at revision ${chunk.fromRevision}: ` +
          'the target is missing events this copy did not write. Copy into an empty store.',
      );
    }
    const alreadyThere = Math.min(there, last) - chunk.fromRevision + 1;
    if (alreadyThere > 0) {
      await assertSameEvents(target, chunk.streamId, chunk.events.slice(0, alreadyThere));
      skipped += alreadyThere;
    }
    const rest = chunk.events.slice(Math.max(alreadyThere, 0));
    if (rest.length === 0) return;
    const expected = rest[0]!.revision - 1;
    try {
      await target.append(chunk.streamId, rest.map(toNewEvent), { expectedRevision: expected === -1 ? 'no-stream' : expected });
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        throw new CliError(`Someone else is writing to the target's stream ${chunk.streamId} (now at revision ${error.actual}): stop every writer before copying.`);
      }
      throw error;
    }
    targetRevisions.set(chunk.streamId, last);
    copied += rest.length;
    appends += 1;
  };

  let after: Position = START;
  for (;;) {
    const page = await source.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    for (const chunk of planChunks(page, limits)) {
      if (options.stopRequested?.()) return report();
      await copyChunk(chunk);
    }
    after = page[page.length - 1]!.position;
    options.onProgress?.({ position: after, head, copied, skipped, elapsedMs: Date.now() - started });
  }
  return report();

  function report(): CopyReport {
    return { copied, skipped, appends, streams: targetRevisions.size, elapsedMs: Date.now() - started };
  }
}

function toNewEvent(event: RecordedEvent): NewEvent {
  return { id: event.id, type: event.type, data: event.data, metadata: event.metadata };
}

/** The target already holds these revisions: they must be the same events (same ids), or the stores diverged. */
async function assertSameEvents(target: EventStore, streamId: string, expected: readonly RecordedEvent[]): Promise<void> {
  const stored = await target.readStream(streamId, { fromRevision: expected[0]!.revision, maxCount: expected.length });
  expected.forEach((event, i) => {
    if (stored[i]?.id !== event.id) {
      throw new CliError(
        `The target's stream ${streamId} holds event ${stored[i]?.id ?? '(none)'} at revision ${event.revision} where the source has ${event.id}: ` +
          'the stores diverged. Copy into an empty store.',
      );
    }
  });
}

export interface CopyCommandOptions {
  readonly from: string;
  readonly to: string;
  readonly connection?: string;
  readonly maxAppendBytes: string;
  /** false with --no-progress. */
  readonly progress: boolean;
}

/** Runs the command: opens both stores, copies, closes them. */
export async function runCopy(options: CopyCommandOptions, context: CliContext): Promise<{ report: CopyReport; from: StoreSpec; to: StoreSpec }> {
  const from = parseStoreSpec(options.from, options.connection, context);
  const to = parseStoreSpec(options.to, options.connection, context);
  if (JSON.stringify(from) === JSON.stringify(to)) throw new CliError('--from and --to name the same store.');
  const maxAppendBytes = Number(options.maxAppendBytes);
  if (!Number.isInteger(maxAppendBytes) || maxAppendBytes < 1024) throw new CliError(`--max-append-bytes must be an integer ≥ 1024, got ${options.maxAppendBytes}.`);

  const source = await openStore(from);
  let target: EventStore | undefined;
  const bar = options.progress ? createProgressBar('copy [{bar}] {percentage}% | {copied} copied, {skipped} already there | {rate} ev/s | {elapsed} elapsed, {timeLeft} left') : undefined;
  let stop = false;
  const interrupt = (): void => {
    stop = true;
    context.stderr('\nStopping after the current append; run the same command again to finish the copy.\n');
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    target = await openStore(to);
    context.stderr(`Copying ${describeStore(from)} → ${describeStore(to)}…\n`);
    const report = await copyEvents(source, target, {
      limits: { ...DEFAULT_CHUNK_LIMITS, maxAppendBytes },
      stopRequested: () => stop,
      onProgress: (progress) => {
        const done = progress.copied + progress.skipped;
        const perSecond = done / Math.max(progress.elapsedMs / 1000, 0.001);
        const fraction = progress.head > 0 ? Math.min(1, progress.position / progress.head) : 1;
        bar?.update(progress.position, progress.head, {
          copied: formatCount(progress.copied),
          skipped: formatCount(progress.skipped),
          rate: formatCount(perSecond),
          elapsed: formatDuration(progress.elapsedMs),
          timeLeft: fraction > 0 ? formatDuration((progress.elapsedMs / fraction) * (1 - fraction)) : '—',
        });
      },
    });
    if (stop) throw new CliError(`Stopped after copying ${formatCount(report.copied)} events; run the same command again to finish.`);
    return { report, from, to };
  } catch (error) {
    if (error instanceof CliError) throw error;
    // An unreachable or refusing store, an event the target refuses: one line, no stack trace.
    if (error instanceof StoreUnavailableError || error instanceof InvalidEventError || error instanceof DuplicateEventIdError) {
      throw new CliError(`${error.message} (nothing after the last completed append was written; fix it and run the same command again).`);
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    bar?.stop();
    await source.close();
    await target?.close();
  }
}

/** `ledger copy --from sqlite:<file> --to esdb`: a summary on stdout, progress on stderr. */
export function registerCopyCommand(program: Command, context: CliContext): void {
  program
    .command('copy')
    .description('Copy an event log into another store (e.g. the embedded SQLite file into EventStoreDB), keeping stream revisions and event ids.')
    .requiredOption('--from <store>', 'source: sqlite:<file>, esdb, or an esdb:// connection string')
    .requiredOption('--to <store>', 'target: sqlite:<file>, esdb, or an esdb:// connection string')
    .option('--connection <string>', 'EventStoreDB connection string for "esdb" (default: ESDB_CONNECTION_STRING)')
    .option('--max-append-bytes <n>', "largest append in bytes, as EventStoreDB counts them (its MaxAppendSize)", String(ESDB_MAX_APPEND_BYTES))
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  npm run ledger -- copy --from sqlite:./data/events.db --to esdb --connection "esdb://localhost:2113?tls=false"\n' +
        '  npm run ledger -- copy --from esdb --to sqlite:./backup/events.db        # ESDB_CONNECTION_STRING set\n' +
        '\nStop every writer of the target first. Events keep their stream, revision, id, data and metadata,\n' +
        "in the source's order; their positions and recording times are the target's. Interrupted, the copy\n" +
        'resumes where it stopped when run again: what the target already has is checked and skipped.\n' +
        'The target API instances then build their read models from scratch (fresh data dirs, or `ledger rebuild`).\n',
    )
    .action(async (options: CopyCommandOptions) => {
      const { report, from, to } = await runCopy(options, context);
      const seconds = report.elapsedMs / 1000;
      context.stdout(
        `Copied ${formatCount(report.copied)} events (${formatCount(report.skipped)} already there) in ${formatCount(report.appends)} appends ` +
          `across ${formatCount(report.streams)} streams from ${describeStore(from)} to ${describeStore(to)} in ${seconds.toFixed(1)} s.\n`,
      );
    });
}
