/**
 * A fixed-duration HTTP load with autocannon, driven from the bench process: N keep-alive
 * connections, each cycling through a sequence of requests (autocannon's `requests`), each
 * request built by a `setupRequest` callback from the connection's context (ids captured from
 * earlier answers, e.g. a requestId for the acceptance that follows). Statuses are counted per
 * request label, so a non-2xx answer can be traced to the step that got it.
 */
import autocannon from 'autocannon';

/** Per-connection state, reset by autocannon at the start of every pass through the sequence. */
export type LoadContext = Record<string, unknown>;

export interface LoadRequest {
  /** Names the step in the per-label status counts (e.g. "accept"). */
  readonly label: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The request's path and headers (and body) given the connection's context. */
  build(context: LoadContext): { path: string; headers: Record<string, string>; body?: string };
  /** Reads what a later step needs from the answer (only called for 2xx answers). */
  onSuccess?(body: string, context: LoadContext): void;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requests: readonly LoadRequest[];
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** `label status` → count, e.g. `accept 201` → 1234. */
  readonly statuses: ReadonlyMap<string, number>;
  /** A few non-2xx bodies, to say what went wrong. */
  readonly sampleFailures: readonly string[];
  /** CPU the load generator (this process) used, in cores (1 = one core busy all the time). */
  readonly clientCpu: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const statuses = new Map<string, number>();
  const sampleFailures: string[] = [];
  const requests: autocannon.Request[] = options.requests.map((request) => ({
    method: request.method,
    setupRequest: (raw: autocannon.Request, context: object) => {
      const built = request.build(context as LoadContext);
      raw.path = built.path;
      raw.headers = built.headers;
      if (built.body !== undefined) raw.body = built.body;
      return raw;
    },
    onResponse: (status: number, body: string, context: object) => {
      const key = `${request.label} ${status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (status >= 200 && status < 300) request.onSuccess?.(body, context as LoadContext);
      else if (sampleFailures.length < 5) sampleFailures.push(`${key}: ${body.slice(0, 300)}`);
    },
  }));
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests,
    // The server's answer time, not a rate-limited client's schedule.
    timeout: 30,
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses,
    sampleFailures,
    clientCpu: (cpu.user + cpu.system) / 1e6 / result.duration,
  };
}

/** `accept 201 ×1,234 · accept 404 ×2` for the report. */
export function formatStatuses(statuses: ReadonlyMap<string, number>, only: (status: number) => boolean = () => true): string {
  return [...statuses]
    .filter(([key]) => only(Number(key.split(' ').pop())))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => `${key} ×${count.toLocaleString('en-US')}`)
    .join(' · ');
}
