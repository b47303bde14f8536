import type { ServerResponse } from 'node:http';
import { type EventStore, type Position } from '@ledger/event-store';
import type { Actor } from '@ledger/kernel';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { LEDGER_UPCASTERS, withUpcasting } from '../../../../libs/event-store/src/upcasting';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { ReadinessRegistry } from '../health/readiness.registry';
import { ConnectionDrainer } from '../http/connection-drainer';
import { LOGGER } from '../logging/logging.module';
import { EventFeed } from './event-feed';
import type { EventSelection } from './event-selection';
import { EVENTS_STREAM_SETTINGS, type EventsStreamSettings } from './events-stream.settings';
import { LIVE_FEED_ERRORS, LiveEventHub, type LiveEventHubStats } from './live-event-hub';
import { type CloseReason, SseConnection, type SseConnectionStats } from './sse-connection';

/** A stream as it was when it ended. */
export interface ClosedStreamStats extends SseConnectionStats {
  readonly reason: CloseReason;
  readonly closedAt: string;
}

/** How many ended streams the stats keep. */
const RECENTLY_CLOSED = 50;

/** What `GET /v1/events/stream/stats` answers: enough to see that no subscriber costs unbounded memory. */
export interface EventsStreamStats {
  readonly hub: LiveEventHubStats;
  readonly limits: {
    readonly liveQueueCapacity: number;
    readonly catchUpBatchSize: number;
    readonly congestionTimeoutMs: number;
    readonly heartbeatMs: number;
  };
  readonly connections: readonly SseConnectionStats[];
  /** The last streams that ended (newest last), as they were when they ended, and why. */
  readonly recentlyClosed: readonly ClosedStreamStats[];
  readonly totals: {
    readonly opened: number;
    readonly open: number;
    readonly closed: Readonly<Record<CloseReason, number>>;
    /** Events held in memory for all subscribers together (live queues). */
    readonly queuedEvents: number;
    /** Bytes written to sockets that the clients have not taken yet. */
    readonly bufferedBytes: number;
  };
  readonly process: { readonly rssBytes: number; readonly heapUsedBytes: number };
}

/**
 * Owns the event stream: the shared live feed (LiveEventHub), the open SSE connections, and
 * their end at shutdown. Everything it reads goes through the ledger's upcasters, so subscribers
 * get every event in its current shape.
 */
@Injectable()
export class EventsStreamService implements OnModuleInit {
  private readonly store: EventStore;
  private readonly hub: LiveEventHub;
  private readonly connections = new Set<SseConnection>();
  private readonly recentlyClosed: ClosedStreamStats[] = [];
  private nextConnectionId = 1;
  private draining = false;
  private opened = 0;
  private readonly closed: Record<CloseReason, number> = {
    'client-closed': 0,
    congested: 0,
    shutdown: 0,
    'feed-ended': 0,
    failed: 0,
  };

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENTS_STREAM_SETTINGS) private readonly settings: EventsStreamSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly readiness: ReadinessRegistry,
    drainer: ConnectionDrainer,
  ) {
    this.store = withUpcasting(store, LEDGER_UPCASTERS);
    this.hub = new LiveEventHub(this.store, {
      queueCapacity: settings.liveQueueCapacity,
      onError: (error, phase) => this.logger.error({ err: error, phase }, LIVE_FEED_ERRORS[phase]),
    });
    // Shutdown begins: end every stream (clients resume elsewhere or after the restart) so the
    // server can close, and stop the shared subscription before the store closes.
    void drainer.whenDraining.then(() => this.shutdown());
  }

  onModuleInit(): void {
    // Not awaited: with the store unreachable at startup the API still starts, reports
    // `events-stream` not ready, and the hub keeps trying in the background.
    void this.hub.start();
    this.readiness.register({
      name: 'events-stream',
      check: async () => (this.hub.running ? { ready: true } : { ready: false, reason: 'The live event feed is not running.' }),
    });
  }

  /** Why a new stream cannot be served right now, or undefined when it can. */
  get unavailableReason(): string | undefined {
    if (this.draining) return 'The API is shutting down; reconnect shortly.';
    if (!this.hub.ready) return 'The event stream is starting (the event store has not answered yet); retry shortly.';
    return undefined;
  }

  headPosition(): Promise<Position> {
    return this.store.headPosition();
  }

  /** Starts streaming the selected events after `after` on a response whose headers are not sent yet. */
  open(response: ServerResponse, headers: Readonly<Record<string, string | number | readonly string[]>>, selection: EventSelection, after: Position, actor: Actor): SseConnection {
    const feed = new EventFeed(this.store, this.hub, selection, after, { batchSize: this.settings.catchUpBatchSize });
    const connection = new SseConnection(this.nextConnectionId++, response, feed, this.settings, this.logger);
    this.connections.add(connection);
    this.opened += 1;
    void connection.finished.then(() => {
      this.connections.delete(connection);
      const reason = connection.closeReason ?? 'client-closed';
      this.closed[reason] += 1;
      this.recentlyClosed.push({ ...connection.stats(), reason, closedAt: new Date().toISOString() });
      if (this.recentlyClosed.length > RECENTLY_CLOSED) this.recentlyClosed.shift();
    });
    this.logger.info(
      { sseConnection: connection.id, after: String(after), ...selection.describe(), actor: { kind: actor.kind, tenantId: actor.tenantId, userId: actor.userId } },
      'Event stream opened',
    );
    connection.start(headers);
    return connection;
  }

  stats(): EventsStreamStats {
    const now = Date.now();
    const connections = [...this.connections].map((connection) => connection.stats(now));
    const memory = process.memoryUsage();
    return {
      hub: this.hub.stats(),
      limits: {
        liveQueueCapacity: this.settings.liveQueueCapacity,
        catchUpBatchSize: this.settings.catchUpBatchSize,
        congestionTimeoutMs: this.settings.congestionTimeoutMs,
        heartbeatMs: this.settings.heartbeatMs,
      },
      connections,
      recentlyClosed: [...this.recentlyClosed],
      totals: {
        opened: this.opened,
        open: connections.length,
        closed: { ...this.closed },
        queuedEvents: connections.reduce((sum, connection) => sum + connection.queuedEvents, 0),
        bufferedBytes: connections.reduce((sum, connection) => sum + connection.bufferedBytes, 0),
      },
      process: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    };
  }

  private async shutdown(): Promise<void> {
    this.draining = true;
    for (const connection of [...this.connections]) {
      connection.end('shutdown', 'the server is shutting down; reconnect with Last-Event-ID set to the last id you received');
    }
    await this.hub.stop();
  }
}
