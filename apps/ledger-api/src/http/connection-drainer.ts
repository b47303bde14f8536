import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * Lets a graceful shutdown actually end. Closing the server waits for every open connection, and
 * a keep-alive connection whose request was in flight when shutdown began would otherwise stay
 * open until the client or the keep-alive timeout drops it. Once shutdown begins, every response
 * says `Connection: close`, so each connection ends with the request it carries.
 */
@Injectable()
export class ConnectionDrainer implements BeforeApplicationShutdown {
  private draining = false;
  private startDraining!: () => void;

  /**
   * Resolves when shutdown begins. Long-lived responses (the SSE event stream) must end on it,
   * e.g. `takeUntil(from(drainer.whenDraining))`, or the server waits for them until the grace
   * period runs out.
   */
  readonly whenDraining = new Promise<void>((resolve) => (this.startDraining = resolve));

  register(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (this.draining && request.raw.httpVersionMajor === 1) reply.header('connection', 'close');
      done(null, payload);
    });
  }

  beforeApplicationShutdown(): void {
    this.draining = true;
    this.startDraining();
  }
}
