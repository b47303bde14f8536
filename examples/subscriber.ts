/**
 * A small backend service that follows the ledger's relationship changes over
 * `GET /v1/events/stream` (Server-Sent Events), with nothing but Node's fetch:
 *
 * - it asks only for the relationship events (`types=`) and prints one line per change;
 * - it stores the position of the last event it handled in a file (written atomically) and, after
 *   a restart, resumes just after it (`Last-Event-ID`), so it sees every change exactly once;
 * - it reconnects with exponential backoff when the stream ends or the server is away, and gives
 *   up only on answers that retrying cannot fix (400, 401, 403).
 *
 * Usage (with `npm start` running in another terminal; see docs/event-contract.md):
 *
 *   export LEDGER_TOKEN=$(npm run -s ledger -- token --kind service --tenant crm-sync --sub crm-sync --roles reader)
 *   node -r @swc-node/register examples/subscriber.ts
 *
 * Settings: LEDGER_URL (default http://localhost:3000), LEDGER_TOKEN (required),
 * SUBSCRIBER_POSITION_FILE (default ./subscriber.position), SUBSCRIBER_IDLE_TIMEOUT_MS (default
 * 45000: no byte, not even a heartbeat, for that long means the connection is dead).
 */
import * as fs from 'node:fs';

/** The events this subscriber cares about: who may transact for, or administer, whom. */
const RELATIONSHIP_EVENTS = [
  'RelationshipAccepted',
  'ResellerRelationshipEstablished',
  'CustomerRelationshipRemoved',
  'DelegatedAdminPrivilegesGranted',
  'DelegatedAdminPrivilegesRevoked',
  'IndirectProviderAuthorized',
  'ProviderTenantAdminAccessRemoved',
  'PartnershipEnded',
];

/** One SSE message. */
export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

/**
 * A minimal Server-Sent Events parser (WHATWG HTML "event stream interpretation"): feed it text
 * chunks as they arrive, in any sizes; it calls back once per complete message and per `retry:`.
 */
export class SseParser {
  private buffer = '';
  private fields: { id?: string; event?: string; data: string[] } = { data: [] };

  constructor(
    private readonly onMessage: (message: SseMessage) => void,
    private readonly onRetry: (milliseconds: number) => void = () => undefined,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.search(/\r\n|\r|\n/); end !== -1; end = this.buffer.search(/\r\n|\r|\n/)) {
      // A lone CR at the very end may be the first half of a CRLF split across chunks.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.fields.data.length > 0) this.onMessage({ id: this.fields.id, event: this.fields.event ?? 'message', data: this.fields.data.join('\n') });
      this.fields = { data: [] };
      return;
    }
    if (line.startsWith(':')) return; // a comment: heartbeat or a note from the server
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'data') this.fields.data.push(value);
    else if (name === 'event') this.fields.event = value;
    else if (name === 'id' && !value.includes('\0')) this.fields.id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }
}

/** The envelope each message's data carries (contracts/envelope.schema.json). */
interface Envelope {
  readonly position: string;
  readonly type: string;
  readonly data: Record<string, string>;
  readonly metadata: { readonly occurredAt: string; readonly actor: { readonly kind: string; readonly userId: string } };
}

/** One readable line per relationship change. */
export function describeChange({ type, data }: Pick<Envelope, 'type' | 'data'>): string {
  switch (type) {
    case 'RelationshipAccepted':
      return `customer ${data.customerId} accepted request ${data.requestId}`;
    case 'ResellerRelationshipEstablished':
      return `partner ${data.partnerId} may now transact for customer ${data.customerId}`;
    case 'CustomerRelationshipRemoved':
      return `partner ${data.partnerId} no longer transacts for customer ${data.customerId} (its DAP, if any, is retained)`;
    case 'DelegatedAdminPrivilegesGranted':
      return `partner ${data.partnerId} may now administer customer ${data.customerId}'s tenant (DAP granted)`;
    case 'DelegatedAdminPrivilegesRevoked':
      return `partner ${data.partnerId} lost DAP on customer ${data.customerId} (revoked by the ${data.revokedBy})`;
    case 'IndirectProviderAuthorized':
      return `reseller ${data.resellerId} authorized indirect provider ${data.providerId}`;
    case 'ProviderTenantAdminAccessRemoved':
      return `reseller ${data.resellerId} removed provider ${data.providerId}'s admin access to its tenant`;
    case 'PartnershipEnded':
      return `the partnership of provider ${data.providerId} and reseller ${data.resellerId} ended (by the ${data.endedBy}: ${data.reason})`;
    default:
      return `${type} ${JSON.stringify(data)}`;
  }
}

/** The last handled position survives restarts: written to a temp file, then renamed over the old one. */
class PositionFile {
  constructor(private readonly file: string) {}

  read(): string | undefined {
    try {
      const text = fs.readFileSync(this.file, 'utf8').trim();
      return /^\d+$/.test(text) ? text : undefined;
    } catch {
      return undefined;
    }
  }

  write(position: string): void {
    fs.writeFileSync(`${this.file}.tmp`, `${position}\n`);
    fs.renameSync(`${this.file}.tmp`, this.file);
  }
}

/** An answer that retrying will not change. */
class FatalAnswer extends Error {}

async function follow(): Promise<void> {
  const baseUrl = process.env.LEDGER_URL ?? 'http://localhost:3000';
  const token = process.env.LEDGER_TOKEN;
  if (!token) throw new FatalAnswer('Set LEDGER_TOKEN to a service token (npm run -s ledger -- token --kind service …).');
  const positions = new PositionFile(process.env.SUBSCRIBER_POSITION_FILE ?? 'subscriber.position');
  const idleTimeoutMs = Number(process.env.SUBSCRIBER_IDLE_TIMEOUT_MS ?? 45_000);
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

  let retryMs = 1_000;
  let failures = 0;
  while (!stop.signal.aborted) {
    const last = positions.read();
    const connection = new AbortController();
    const abortConnection = (): void => connection.abort();
    stop.signal.addEventListener('abort', abortConnection);
    let idle = setTimeout(abortConnection, idleTimeoutMs);
    try {
      const response = await fetch(`${baseUrl}/v1/events/stream?types=${RELATIONSHIP_EVENTS.join(',')}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(last ? { 'last-event-id': last } : {}) },
        signal: connection.signal,
      });
      if ([400, 401, 403].includes(response.status)) throw new FatalAnswer(`The ledger refused the subscription (${response.status}): ${await response.text()}`);
      if (response.status !== 200 || !response.body) throw new Error(`HTTP ${response.status}`);
      console.log(last ? `connected, resuming after position ${last}` : 'connected, reading from the start of the log');
      const parser = new SseParser(
        (message) => {
          const envelope = JSON.parse(message.data) as Envelope;
          console.log(`[${envelope.position}] ${envelope.metadata.occurredAt} ${envelope.type}: ${describeChange(envelope)}`);
          // Handled, so remembered: a crash from here on resumes after this event, not before.
          if (message.id !== undefined) positions.write(message.id);
          failures = 0;
        },
        (milliseconds) => (retryMs = milliseconds),
      );
      const decoder = new TextDecoder();
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        clearTimeout(idle);
        idle = setTimeout(abortConnection, idleTimeoutMs);
        parser.push(decoder.decode(chunk, { stream: true }));
      }
      console.log('the server ended the stream');
    } catch (error) {
      if (error instanceof FatalAnswer) throw error;
      if (!stop.signal.aborted) console.log(`stream interrupted: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(idle);
      stop.signal.removeEventListener('abort', abortConnection);
    }
    if (stop.signal.aborted) break;
    // Exponential backoff with jitter, from the server's suggested delay up to 30 s.
    const delay = Math.min(30_000, retryMs * 2 ** Math.min(failures, 5)) * (0.5 + Math.random() / 2);
    failures += 1;
    console.log(`reconnecting in ${Math.round(delay)} ms`);
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, delay);
      stop.signal.addEventListener('abort', wake, { once: true });
    });
  }
  console.log('stopped');
}

if (require.main === module) {
  follow().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
