import * as http from 'node:http';

/*
 * An HTTP client that sends exactly what a hostile client would: a path that is not normalised
 * (`../` stays `../`), header lines repeated, bytes that are not UTF-8, any content type, any body.
 * fetch() would clean most of that up before it left the test. Event streams (`text/event-stream`)
 * are cut off as soon as their headers arrive: the status is what the suites judge.
 */

export interface RawRequest {
  readonly method: string;
  /** Sent as is after `toWirePath` (only bytes Node refuses are percent-encoded). */
  readonly path: string;
  /** Header lines, in order; a name may repeat (sent as separate lines). */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string | Buffer;
  readonly timeoutMs?: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly contentType: string;
  readonly text: string;
  /** The parsed body when it is JSON; undefined otherwise or when it does not parse. */
  readonly json: unknown;
  /** An event stream, cut off after its headers. */
  readonly streamed: boolean;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/**
 * Node refuses request targets with bytes outside 0x21–0xFF; everything else goes out verbatim,
 * so `%2e%2e/`, `../`, `%00` and raw Latin-1 reach the server as written.
 */
export function toWirePath(path: string): string {
  let out = '';
  for (const char of path) {
    const code = char.codePointAt(0)!;
    if (code >= 0x21 && code <= 0x7e) out += char;
    else out += [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/** A header value Node will send: UTF-8 bytes as Latin-1 characters, control characters dropped. */
export function toWireHeaderValue(value: string): string {
  const latin1 = Buffer.from(value, 'utf8').toString('latin1');
  let out = '';
  for (const char of latin1) {
    const code = char.charCodeAt(0);
    // HTTP forbids control characters in field values (tab aside); Node would refuse to send them.
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) continue;
    out += char;
  }
  return out.trim();
}

export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of request.headers ?? []) {
      const key = name.toLowerCase();
      const existing = headers[key];
      headers[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const outgoing = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: toWirePath(request.path), headers, agent },
      (response) => {
        const contentType = String(response.headers['content-type'] ?? '');
        if (contentType.startsWith('text/event-stream')) {
          response.destroy();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, contentType, text: '', json: undefined, streamed: true });
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          if (contentType.includes('json') && text !== '') {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, contentType, text, json, streamed: false });
        });
      },
    );
    outgoing.setTimeout(request.timeoutMs ?? 30_000, () => outgoing.destroy(new Error(`${request.method} ${request.path}: no answer in time`)));
    outgoing.on('error', reject);
    if (request.body !== undefined) outgoing.write(request.body);
    outgoing.end();
  });
}

/** Closes the keep-alive sockets (afterAll), so jest does not wait on them. */
export function closeRawHttp(): void {
  agent.destroy();
}
