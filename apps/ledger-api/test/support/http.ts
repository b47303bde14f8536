/** A small fetch wrapper for the int tests: JSON in, parsed JSON (or text) out, headers at hand. */
export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly contentType: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
  readonly body: any;
  readonly text: string;
}

export interface RequestOptions {
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON value to send, or a raw string (sent as is, with a JSON content type). */
  readonly body?: unknown;
  readonly rawBody?: string;
}

export async function request(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let parsed: unknown = text;
  if (contentType.includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, contentType, body: parsed, text };
}

/** Binds `request` to one app URL. */
export function client(baseUrl: string) {
  return {
    get: (path: string, options?: RequestOptions) => request(baseUrl, 'GET', path, options),
    post: (path: string, options?: RequestOptions) => request(baseUrl, 'POST', path, options),
    put: (path: string, options?: RequestOptions) => request(baseUrl, 'PUT', path, options),
    delete: (path: string, options?: RequestOptions) => request(baseUrl, 'DELETE', path, options),
  };
}
