/**
 * Run as a child process by the crash spec: feeds two projections from an event file and SIGKILLs
 * itself in the middle of a batch transaction (live batch or rebuild page, both of `batchSize`
 * events), when applying the event at `killAtPosition`.
 * Usage: crash-child.ts <eventStorePath> <readModelPath> <killAtPosition> <batchSize>
 */
import { createSqliteEventStore } from '@ledger/event-store';
import { openReadModelDatabase } from '../read-model-database';
import { ProjectionRunner } from '../projection-runner';
import { recordingProjection } from './recording-projection';

async function main(): Promise<void> {
  const [storePath, readModelPath, killAt, batchSize] = process.argv.slice(2);
  const killAtPosition = Number(killAt);
  const store = createSqliteEventStore({ path: storePath!, durable: false });
  const db = openReadModelDatabase(readModelPath!);
  const runner = new ProjectionRunner({
    store,
    db,
    batchSize: Number(batchSize),
    rebuildBatchSize: Number(batchSize),
    projections: [
      recordingProjection({ name: 'first' }),
      recordingProjection({
        name: 'second',
        onApply: (position) => {
          if (position === killAtPosition) process.kill(process.pid, 'SIGKILL');
        },
      }),
    ],
  });
  await runner.start();
  await runner.waitForPosition(await store.headPosition(), 10_000);
  // Reaching this line means the kill never happened: the spec fails on this exit code.
  process.exit(3);
}

void main();
