/*
 * The SSE clients of the subscription benchmark, in their own process so that parsing 50
 * streams does not share the server's event loop (subscription.bench.ts forks this file).
 * Commands arrive over IPC:
 *   { type: 'subscribe', url, token, count }  → opens `count` streams from=end, answers 'ready'
 *   { type: 'report', expect }                → waits until each stream got `expect` pings, answers
 *                                               'delays' (receive time − data.sentAt, ms) and closes them
 *   { type: 'catch-up', url, token, expect }  → reads one stream from the start until `expect`
 *                                               messages, answers 'caught-up' with the seconds it took
 * Times are performance.timeOrigin + performance.now() on both sides (the same clock).
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

type Command =
  | { type: 'subscribe'; url: string; token: string; count: number }
  | { type: 'report'; expect: number }
  | { type: 'catch-up'; url: string; token: string; expect: number };

const now = (): number => performance.timeOrigin + performance.now();

/** One stream: counts messages, records each ping's delay, and knows when it has started. */
class Stream {
  readonly delays: number[] = [];
  messages = 0;
  started = false;
  private pending = '';
  private request: http.ClientRequest | undefined;
  private readonly listeners = new Set<() => void>();

  open(url: string, token: string): void {
    this.request = http.get(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, agent: false }, (response) => {
      if (response.statusCode !== 200) throw new Error(`stream answered ${response.statusCode}`);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => this.receive(chunk));
    });
  }

  close(): void {
    this.request?.destroy();
  }

  /** Resolves once `condition` holds. */
  until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
      check();
    });
  }

  private receive(chunk: string): void {
    const receivedAt = now();
    this.pending += chunk;
    let end: number;
    while ((end = this.pending.indexOf('\n\n')) !== -1) {
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      if (block.startsWith(':')) {
        this.started = true;
        continue;
      }
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      this.messages += 1;
      const sentAt = (JSON.parse(data.slice('data: '.length)) as { data: { sentAt?: number } }).data.sentAt;
      if (typeof sentAt === 'number') this.delays.push(receivedAt - sentAt);
    }
    this.listeners.forEach((listener) => listener());
  }
}

let streams: Stream[] = [];

async function handle(command: Command): Promise<void> {
  switch (command.type) {
    case 'subscribe': {
      streams = Array.from({ length: command.count }, () => new Stream());
      streams.forEach((stream) => stream.open(`${command.url}/v1/events/stream?from=end`, command.token));
      await Promise.all(streams.map((stream) => stream.until(() => stream.started)));
      process.send?.({ type: 'ready' });
      return;
    }
    case 'report': {
      await Promise.all(streams.map((stream) => stream.until(() => stream.delays.length >= command.expect)));
      const delays = streams.flatMap((stream) => stream.delays);
      streams.forEach((stream) => stream.close());
      streams = [];
      process.send?.({ type: 'delays', delays });
      return;
    }
    case 'catch-up': {
      const stream = new Stream();
      const started = now();
      stream.open(`${command.url}/v1/events/stream?from=start`, command.token);
      await stream.until(() => stream.messages >= command.expect);
      const seconds = (now() - started) / 1000;
      stream.close();
      process.send?.({ type: 'caught-up', seconds });
      return;
    }
  }
}

process.on('message', (command: Command) => {
  handle(command).catch((error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
  });
});
process.on('disconnect', () => process.exit(0));
