import type { ProjectionStatus } from '@ledger/projections';

/** What one projection's readiness check says (`projection:<name>` in `GET /health/ready`). */
export interface ProjectionReadiness {
  readonly ready: boolean;
  /** Why not, with the projection's state, checkpoint, head and lag; free of tenant data. */
  readonly reason?: string;
  /** The projection has reached the head the log had when the API started (it stays so). */
  readonly caughtUp: boolean;
}

/**
 * Judges one projection for `/health/ready`. An instance is ready to serve reads once every
 * projection runs and has caught up with the log's head as of the API's start: before that a
 * read would answer from partial tables. After that, lag is normal eventual consistency (clients
 * that must read their writes pass `?minPosition=`), so only a stopped or failed projection makes
 * it unready again.
 */
export function judgeProjection(
  status: ProjectionStatus,
  context: { readonly runnerRunning: boolean; readonly startupHead: number | null; readonly caughtUpBefore: boolean },
): ProjectionReadiness {
  const facts = describe(status);
  const caughtUp =
    context.caughtUpBefore ||
    (context.startupHead !== null && status.state !== 'failed' && status.state !== 'starting' && status.checkpoint >= context.startupHead);
  if (!context.runnerRunning || status.state === 'starting' || status.state === 'stopped') {
    return { ready: false, caughtUp, reason: `The projection runner is not running (${facts}).` };
  }
  if (status.state === 'failed') {
    return { ready: false, caughtUp, reason: `The projection failed and is not fed (${facts}): ${status.error ?? 'unknown error'}` };
  }
  if (status.servingVersion !== null && status.servingVersion !== status.version) {
    // The old tables are frozen and the queries refuse them (UpgradeGate) until the rebuild swaps in.
    return { ready: false, caughtUp, reason: `Rebuilding for version ${status.version}; the version ${status.servingVersion} tables are not served (${facts}).` };
  }
  if (!caughtUp) {
    const target = context.startupHead ?? status.headPosition;
    return { ready: false, caughtUp, reason: `Catching up with the log: position ${status.checkpoint} of ${target} (${facts}).` };
  }
  return { ready: true, caughtUp };
}

function describe(status: ProjectionStatus): string {
  const parts = [`state ${status.state}`, `version ${status.version}`, `checkpoint ${status.checkpoint}`, `head ${status.headPosition}`, `lag ${status.lag}`];
  if (status.rebuild) {
    parts.push(`rebuild at ${status.rebuild.position} of ${status.rebuild.headPosition}, ${Math.round(status.rebuild.eventsPerSecond)} events/s`);
  }
  return parts.join(', ');
}
