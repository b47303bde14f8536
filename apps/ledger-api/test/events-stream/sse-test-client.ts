import * as http from 'node:http';

/** One SSE message as a client sees it. */
export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

export interface OpenStreamOptions {
  readonly token?: string;
  readonly lastEventId?: string;
  /** Query string without `?`, e.g. `from=end&types=A,B`. */
  readonly query?: string;
  /** GET by default; HEAD asks for the stream's headers only. */
  readonly method?: 'GET' | 'HEAD';
}

/**
 * A test client for GET /v1/events/stream over a plain Node HTTP connection (no keep-alive
 * agent), so a test can pause reading the socket to play a slow consumer. It parses the stream
 * as the WHATWG spec says (fields, comments, blank-line dispatch) and lets tests wait on
 * conditions instead of sleeping.
 */
export class SseTestClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: http.IncomingHttpHeaders = {};
  /** The body when the answer was not a stream (an error). */
  body = '';
  ended = false;
  private response: http.IncomingMessage | undefined;
  private request: http.ClientRequest | undefined;
  private pending = '';
  private current: { id?: string; event?: string; data: string[] } = { data: [] };
  private readonly waiters = new Set<() => void>();

  /** Opens a stream and resolves once the status and headers arrived. */
  static open(baseUrl: string, options: OpenStreamOptions = {}): Promise<SseTestClient> {
    const client = new SseTestClient();
    return client.connect(baseUrl, options).then(() => client);
  }

  private connect(baseUrl: string, options: OpenStreamOptions): Promise<void> {
    const url = new URL(`/v1/events/stream${options.query ? `?${options.query}` : ''}`, baseUrl);
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    return new Promise((resolve, reject) => {
      this.request = http.request(url, { method: options.method ?? 'GET', headers, agent: false }, (response) => {
        this.response = response;
        this.status = response.statusCode ?? 0;
        this.headers = response.headers;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => this.receive(chunk));
        response.on('end', () => this.finish());
        response.on('close', () => this.finish());
        response.on('error', () => this.finish());
        resolve();
      });
      this.request.on('error', (error) => {
        this.finish();
        reject(error);
      });
      this.request.end();
    });
  }

  /** The parsed envelope of each message. */
  envelopes<T = Record<string, unknown>>(): T[] {
    return this.messages.map((message) => JSON.parse(message.data) as T);
  }

  ids(): string[] {
    return this.messages.map((message) => message.id ?? '');
  }

  /** Resolves once `condition` holds (checked after every chunk), or rejects after `timeoutMs`. */
  waitFor(condition: (client: SseTestClient) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (!condition(this)) return false;
        cleanup();
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${what}: ${this.messages.length} messages, comments ${JSON.stringify(this.comments.slice(-3))}, ended ${this.ended}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = (): void => void check();
      if (!check()) this.waiters.add(wake);
    });
  }

  waitForMessages(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor((client) => client.messages.length >= count, `${count} messages`, timeoutMs);
  }

  /** Resolves when the server ended the stream (or the connection dropped). */
  waitForEnd(timeoutMs?: number): Promise<void> {
    return this.waitFor((client) => client.ended, 'the end of the stream', timeoutMs);
  }

  /** Stops reading: the socket's buffers fill and the server sees a slow consumer. */
  pause(): void {
    this.response?.pause();
    this.response?.socket?.pause();
  }

  resume(): void {
    this.response?.socket?.resume();
    this.response?.resume();
  }

  close(): void {
    this.request?.destroy();
    this.finish();
  }

  private receive(chunk: string): void {
    if (this.status !== 200) {
      this.body += chunk;
      return;
    }
    this.pending += chunk;
    let newline: number;
    while ((newline = this.pending.search(/\r\n|\r|\n/)) !== -1) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + (this.pending.startsWith('\r\n', newline) ? 2 : 1));
      this.line(line);
    }
    this.wake();
  }

  private line(line: string): void {
    if (line === '') {
      if (this.current.data.length > 0) {
        this.messages.push({ id: this.current.id, event: this.current.event ?? 'message', data: this.current.data.join('\n') });
      }
      this.current = { data: [] };
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.current.data.push(value);
    else if (field === 'id') this.current.id = value;
    else if (field === 'event') this.current.event = value;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    this.waiters.forEach((wake) => wake());
  }
}
