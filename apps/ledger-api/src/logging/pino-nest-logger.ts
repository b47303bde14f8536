import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * Bridges Nest's LoggerService (bootstrap, route mapping, framework errors) to the same pino logger
 * Fastify uses, so Nest's own messages are JSON lines too. Nest passes the context (the class that
 * logs) as the last optional parameter, and for `error` a stack trace before it.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    // Nest calls error(message, stack?, context?); a lone string parameter may be either.
    const [first, second] = optional;
    const context = typeof second === 'string' ? second : optional.length === 1 && !looksLikeStack(first) ? first : undefined;
    const stack = looksLikeStack(first) ? first : undefined;
    const fields: Record<string, unknown> = {};
    if (typeof context === 'string') fields.context = context;
    if (typeof stack === 'string') fields.stack = stack;
    if (message instanceof Error) {
      this.logger.error({ ...fields, err: message }, message.message);
    } else {
      this.logger.error(fields, stringify(message));
    }
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, optional: unknown[]): void {
    const context = optional.length > 0 ? optional[optional.length - 1] : undefined;
    const fields = typeof context === 'string' ? { context } : {};
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (message !== null && typeof message === 'object') this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, stringify(message));
  }
}

function looksLikeStack(value: unknown): value is string {
  return typeof value === 'string' && /\n\s+at /.test(value);
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : String(message);
}
