import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { PinoNestLogger } from './pino-nest-logger';

function capture(): { lines: Array<Record<string, unknown>>; logger: PinoNestLogger } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: new PinoNestLogger(createLogger('trace', destination)) };
}

describe("PinoNestLogger (Nest's own messages as JSON lines)", () => {
  it('keeps the level, the message and the context', () => {
    const { lines, logger } = capture();
    logger.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    logger.warn('careful', 'Auth');
    logger.debug('details');
    logger.verbose('chatter', 'X');
    expect(lines.map(({ level, msg, context }) => ({ level, msg, context }))).toEqual([
      { level: 30, msg: 'Mapped {/health/live, GET} route', context: 'RouterExplorer' },
      { level: 40, msg: 'careful', context: 'Auth' },
      { level: 20, msg: 'details', context: undefined },
      { level: 10, msg: 'chatter', context: 'X' },
    ]);
    expect(lines[0]).toMatchObject({ service: 'ledger-api', time: expect.stringMatching(/Z$/) });
  });

  it("reads Nest's error(message, stack?, context?) forms", () => {
    const { lines, logger } = capture();
    const stack = 'Error: boom\n    at somewhere (file.ts:1:1)';
    logger.error('failed', stack, 'ExceptionsHandler');
    logger.error('failed too', 'NestFactory');
    logger.error(new Error('thrown'));
    expect(lines[0]).toMatchObject({ level: 50, msg: 'failed', stack, context: 'ExceptionsHandler' });
    expect(lines[1]).toMatchObject({ level: 50, msg: 'failed too', context: 'NestFactory' });
    expect(lines[1]).not.toHaveProperty('stack');
    expect(lines[2]).toMatchObject({ level: 50, msg: 'thrown', err: { message: 'thrown', stack: expect.any(String) } });
  });

  it('redacts credentials that end up in a log object', () => {
    const { lines, logger } = capture();
    logger.log({ msg: 'request', headers: { authorization: 'Bearer secret-token' }, token: 'abc' });
    expect(JSON.stringify(lines[0])).not.toMatch(/secret-token|"abc"/);
  });
});
