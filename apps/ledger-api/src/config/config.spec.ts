import * as path from 'node:path';
import { ConfigError, DEFAULTS, loadConfig, resolveConfig } from './config';

describe('loadConfig (the environment of the API process)', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/ledger');
    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.resolve('/srv/ledger', 'data'),
      eventStore: 'sqlite',
      logLevel: 'info',
      rateLimitPerMinute: 6000,
      idempotencyTtlMs: 24 * 60 * 60 * 1000,
      bodyLimitBytes: 1024 * 1024,
    });
    expect(config.jwtSecret).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: 'var/ledger',
        LEDGER_JWT_SECRET: 's'.repeat(32),
        LEDGER_EVENT_STORE: 'esdb',
        ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
        LOG_LEVEL: 'debug',
        LEDGER_RATE_LIMIT_PER_MINUTE: '120',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/var/ledger',
      jwtSecret: 's'.repeat(32),
      eventStore: 'esdb',
      esdbConnectionString: 'esdb://localhost:2113?tls=false',
      logLevel: 'debug',
      rateLimitPerMinute: 120,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', LEDGER_JWT_SECRET: '', LOG_LEVEL: ' ' }, '/x')).toMatchObject({ port: 3000, logLevel: 'info' });
  });

  it('lists every invalid variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '70000',
        LEDGER_EVENT_STORE: 'postgres',
        LOG_LEVEL: 'chatty',
        LEDGER_JWT_SECRET: 'too-short',
        LEDGER_RATE_LIMIT_PER_MINUTE: '-1',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/PORT[\s\S]*LEDGER_EVENT_STORE[\s\S]*LEDGER_JWT_SECRET[\s\S]*LOG_LEVEL[\s\S]*LEDGER_RATE_LIMIT_PER_MINUTE/);
  });

  it('needs a connection string for EventStoreDB', () => {
    expect(() => loadConfig({ LEDGER_EVENT_STORE: 'esdb' })).toThrow(/ESDB_CONNECTION_STRING/);
  });

  it('refuses a port that is not a whole number', () => {
    expect(() => loadConfig({ PORT: '80.5' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '0x50' })).toThrow(ConfigError);
  });
});

describe('resolveConfig (explicit settings from tests and tools)', () => {
  it('fills in defaults around what is given', () => {
    expect(resolveConfig({ dataDir: '/tmp/ledger', port: 0, logLevel: 'silent' })).toEqual({
      ...DEFAULTS,
      port: 0,
      logLevel: 'silent',
      dataDir: '/tmp/ledger',
    });
  });

  it('refuses a weak secret', () => {
    expect(() => resolveConfig({ dataDir: '/tmp', jwtSecret: 'short' })).toThrow(ConfigError);
  });
});
