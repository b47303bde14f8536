import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config';

export type { Logger } from 'pino';

/**
 * The process's one structured logger: JSON lines on stdout, ISO timestamps, and credentials
 * redacted wherever a request's headers end up in a log object. Fastify logs requests through it
 * and Nest's own messages are bridged to it (see PinoNestLogger), so there is a single stream to
 * ship and query (docs/decisions/0003-logging-with-fastify-pino.md).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'ledger-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token', 'jwtSecret'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
