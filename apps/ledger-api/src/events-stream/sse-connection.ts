import type { ServerResponse } from 'node:http';
import type { Position } from '@ledger/event-store';
import type { Logger } from 'pino';
import { type EventFeed, FeedEndedError } from './event-feed';
import { HEARTBEAT, sseComment, sseMessage, sseRetry } from './sse-format';

export interface SseConnectionOptions {
  readonly heartbeatMs: number;
  readonly congestionTimeoutMs: number;
  readonly clientRetryMs: number;
  /** Messages are joined into writes of about this many characters. Default 64 Ki. */
  readonly chunkSize?: number;
}

/** Why a stream ended, from the server's point of view. */
export type CloseReason = 'client-closed' | 'congested' | 'shutdown' | 'feed-ended' | 'failed';

export interface SseConnectionStats {
  readonly id: number;
  readonly mode: 'catch-up' | 'live';
  /** The last position given to this client (or scanned past). */
  readonly position: string;
  readonly delivered: number;
  /** Events the hub holds in memory for this client. */
  readonly queuedEvents: number;
  /** Bytes written to the socket that the client has not taken yet (the response's buffer). */
  readonly bufferedBytes: number;
  /** For how long the socket has refused more data; 0 when it is not congested. */
  readonly congestedForMs: number;
  /** How many times the socket refused more data and the stream waited for the client. */
  readonly congestions: number;
  /** Times the live queue overflowed and the stream went back to reading the store. */
  readonly fallbacksToCatchUp: number;
  /** The most events ever held in memory for this client at once (at most the live queue capacity). */
  readonly peakQueuedEvents: number;
  /** The most bytes ever waiting in the response's buffer for this client. */
  readonly peakBufferedBytes: number;
}

const DEFAULT_CHUNK_SIZE = 64 * 1024;

/** After a close, a client that does not take the last bytes within this long loses the socket. */
const CLOSE_GRACE_MS = 5_000;

type WriteOutcome = 'written' | 'stop';

/**
 * One SSE response on the raw Node socket. It pulls a batch from its feed, writes it, and only
 * pulls again once `write()` has room (or 'drain' came): a client that reads slowly slows the
 * reading of the log for itself, and nothing piles up in memory. A client that takes nothing for
 * `congestionTimeoutMs` is cut off with a comment saying so; it resumes with `Last-Event-ID`.
 * A comment heartbeat goes out every `heartbeatMs` while the socket has room.
 */
export class SseConnection {
  private ended = false;
  private congestedSince: number | undefined;
  private congestions = 0;
  private peakBufferedBytes = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopWaiting: (() => void) | undefined;
  private endedWith: CloseReason | undefined;
  private resolveFinished!: () => void;
  /** Resolves once the stream has ended, whatever the reason. */
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    readonly id: number,
    private readonly response: ServerResponse,
    private readonly feed: EventFeed,
    private readonly options: SseConnectionOptions,
    private readonly logger: Logger,
  ) {}

  get closeReason(): CloseReason | undefined {
    return this.endedWith;
  }

  /** Sends the headers and the opening lines, then streams until something ends it. */
  start(headers: Readonly<Record<string, string | number | readonly string[]>>): void {
    this.response.on('close', () => this.end('client-closed'));
    this.response.on('error', () => this.end('client-closed'));
    this.response.writeHead(200, headers as Record<string, string | number | string[]>);
    this.response.write(`${sseComment(`stream open after position ${this.feed.position}`)}${sseRetry(this.options.clientRetryMs)}`);
    this.heartbeat = setInterval(() => {
      if (!this.ended && this.congestedSince === undefined) this.response.write(HEARTBEAT);
    }, this.options.heartbeatMs);
    void this.pump();
  }

  /** Ends the stream with a closing comment (when the client can still take one). */
  end(reason: CloseReason, comment?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.endedWith = reason;
    clearInterval(this.heartbeat);
    this.feed.close();
    this.stopWaiting?.();
    const socketGone = this.response.destroyed || this.response.writableEnded;
    if (!socketGone) {
      if (comment) this.response.write(sseComment(comment));
      this.response.end();
      // A client that does not read will never take the end either: free the socket.
      if (!this.response.writableFinished) {
        const timer = setTimeout(() => this.response.destroy(), CLOSE_GRACE_MS);
        timer.unref();
        this.response.once('close', () => clearTimeout(timer));
      }
    }
    this.logger.info({ sseConnection: this.id, reason, position: String(this.feed.position), delivered: this.feed.stats.delivered }, 'Event stream closed');
    this.resolveFinished();
  }

  stats(now = Date.now()): SseConnectionStats {
    return {
      id: this.id,
      mode: this.feed.mode,
      position: String(this.feed.position),
      delivered: this.feed.stats.delivered,
      queuedEvents: this.feed.queued,
      bufferedBytes: this.response.writableLength,
      congestedForMs: this.congestedSince === undefined ? 0 : now - this.congestedSince,
      congestions: this.congestions,
      fallbacksToCatchUp: this.feed.stats.fallbacks,
      peakQueuedEvents: this.feed.stats.peakQueued,
      peakBufferedBytes: this.peakBufferedBytes,
    };
  }

  get position(): Position {
    return this.feed.position;
  }

  private async pump(): Promise<void> {
    const chunkSize = this.options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    try {
      for (;;) {
        const events = await this.feed.next();
        if (events === undefined || this.ended) return;
        let chunk = '';
        for (const event of events) {
          chunk += sseMessage(event);
          if (chunk.length >= chunkSize) {
            if ((await this.write(chunk)) === 'stop') return;
            chunk = '';
          }
        }
        if (chunk !== '' && (await this.write(chunk)) === 'stop') return;
      }
    } catch (error) {
      if (error instanceof FeedEndedError) {
        this.end(
          error.reason === 'hub-stopped' ? 'shutdown' : 'feed-ended',
          'the live feed was interrupted; reconnect with Last-Event-ID set to the last id you received',
        );
      } else {
        this.logger.error({ err: error, sseConnection: this.id }, 'Event stream failed');
        this.end('failed', 'the stream failed on the server; reconnect with Last-Event-ID set to the last id you received');
      }
    }
  }

  /** Writes, and when the socket is full waits for 'drain' — at most congestionTimeoutMs. */
  private async write(text: string): Promise<WriteOutcome> {
    if (this.ended) return 'stop';
    const hasRoom = this.response.write(text);
    this.peakBufferedBytes = Math.max(this.peakBufferedBytes, this.response.writableLength);
    if (hasRoom) return 'written';
    this.congestedSince = Date.now();
    this.congestions += 1;
    const outcome = await new Promise<'drained' | 'timeout' | 'stopped'>((resolve) => {
      const timer = setTimeout(() => finish('timeout'), this.options.congestionTimeoutMs);
      const onDrain = (): void => finish('drained');
      const finish = (result: 'drained' | 'timeout' | 'stopped'): void => {
        clearTimeout(timer);
        this.response.off('drain', onDrain);
        this.stopWaiting = undefined;
        resolve(result);
      };
      this.response.once('drain', onDrain);
      this.stopWaiting = () => finish('stopped');
    });
    this.congestedSince = undefined;
    if (outcome === 'drained') return 'written';
    if (outcome === 'timeout') {
      const seconds = Math.round(this.options.congestionTimeoutMs / 100) / 10;
      this.end('congested', `closing: this client read nothing for ${seconds} s; reconnect with Last-Event-ID set to the last id you received`);
    }
    return 'stop';
  }
}
