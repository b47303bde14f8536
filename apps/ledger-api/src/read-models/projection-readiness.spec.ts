import type { ProjectionStatus } from '@ledger/projections';
import { judgeProjection } from './projection-readiness';
import { loadReadModelsSettings } from './read-models.settings';

function status(overrides: Partial<ProjectionStatus> = {}): ProjectionStatus {
  const checkpoint = overrides.checkpoint ?? 100;
  const headPosition = overrides.headPosition ?? 100;
  return {
    name: 'customer-lists',
    version: 1,
    servingVersion: 1,
    generation: 2,
    state: 'running',
    checkpoint,
    headPosition,
    lag: headPosition - checkpoint,
    error: null,
    rebuild: null,
    ...overrides,
  };
}

const running = { runnerRunning: true, startupHead: 100, caughtUpBefore: false };

describe('readiness of one projection', () => {
  it('is ready once it runs and includes the head as of startup', () => {
    expect(judgeProjection(status(), running)).toEqual({ ready: true, caughtUp: true });
  });

  it('is not ready while catching up with the head as of startup, with its position and lag in the reason', () => {
    const judged = judgeProjection(status({ state: 'rebuilding', checkpoint: 0, headPosition: 120, lag: 120 }), running);
    expect(judged).toMatchObject({ ready: false, caughtUp: false });
    expect(judged.reason).toContain('position 0 of 100');
    expect(judged.reason).toContain('state rebuilding');
    expect(judged.reason).toContain('lag 120');
  });

  it('stays ready when new writes make it lag after it caught up (reads that must see them pass minPosition)', () => {
    expect(judgeProjection(status({ checkpoint: 100, headPosition: 500 }), { ...running, caughtUpBefore: true })).toEqual({ ready: true, caughtUp: true });
    // A live rebuild (CLI) keeps serving the caught-up tables.
    expect(judgeProjection(status({ state: 'rebuilding' }), { ...running, caughtUpBefore: true }).ready).toBe(true);
  });

  it('is ready at once on an empty log', () => {
    expect(judgeProjection(status({ checkpoint: 0, headPosition: 0, state: 'rebuilding' }), { ...running, startupHead: 0 }).ready).toBe(true);
  });

  it('is not ready when it failed, even after catching up, and says why', () => {
    const judged = judgeProjection(status({ state: 'failed', error: 'boom' }), { ...running, caughtUpBefore: true });
    expect(judged.ready).toBe(false);
    expect(judged.reason).toContain('boom');
  });

  it('is not ready while it serves tables of an older version (an upgrade’s rebuild has not swapped in), even caught up', () => {
    const judged = judgeProjection(status({ version: 2, servingVersion: 1, state: 'rebuilding' }), { ...running, caughtUpBefore: true });
    expect(judged.ready).toBe(false);
    expect(judged.reason).toContain('Rebuilding for version 2; the version 1 tables are not served');
    expect(judgeProjection(status({ version: 2, servingVersion: 2 }), { ...running, caughtUpBefore: true }).ready).toBe(true);
  });

  it('is not ready before the runner started or once it stopped', () => {
    expect(judgeProjection(status({ state: 'starting' }), { runnerRunning: false, startupHead: null, caughtUpBefore: false }).ready).toBe(false);
    expect(judgeProjection(status({ state: 'stopped' }), { runnerRunning: false, startupHead: 100, caughtUpBefore: true }).ready).toBe(false);
  });
});

describe('read-model settings', () => {
  it('waits 5 s for minPosition by default, LEDGER_MIN_POSITION_WAIT_MS otherwise', () => {
    expect(loadReadModelsSettings({})).toEqual({ minPositionWaitMs: 5000, projectionsInWorker: true });
    expect(loadReadModelsSettings({ LEDGER_MIN_POSITION_WAIT_MS: '250' })).toMatchObject({ minPositionWaitMs: 250 });
    expect(loadReadModelsSettings({ LEDGER_MIN_POSITION_WAIT_MS: '0' })).toMatchObject({ minPositionWaitMs: 0 });
  });

  it.each(['-1', '1.5', 'soon', '60001'])('refuses LEDGER_MIN_POSITION_WAIT_MS=%s', (raw) => {
    expect(() => loadReadModelsSettings({ LEDGER_MIN_POSITION_WAIT_MS: raw })).toThrow(/LEDGER_MIN_POSITION_WAIT_MS/);
  });

  it('runs the projections in a worker thread unless LEDGER_PROJECTIONS_IN_WORKER is false', () => {
    expect(loadReadModelsSettings({ LEDGER_PROJECTIONS_IN_WORKER: 'false' })).toMatchObject({ projectionsInWorker: false });
    expect(loadReadModelsSettings({ LEDGER_PROJECTIONS_IN_WORKER: '0' })).toMatchObject({ projectionsInWorker: false });
    expect(loadReadModelsSettings({ LEDGER_PROJECTIONS_IN_WORKER: 'TRUE' })).toMatchObject({ projectionsInWorker: true });
    expect(() => loadReadModelsSettings({ LEDGER_PROJECTIONS_IN_WORKER: 'maybe', LEDGER_MIN_POSITION_WAIT_MS: 'soon' })).toThrow(
      /LEDGER_MIN_POSITION_WAIT_MS[\s\S]*LEDGER_PROJECTIONS_IN_WORKER must be true or false/,
    );
  });
});
