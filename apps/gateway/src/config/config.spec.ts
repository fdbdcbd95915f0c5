import { bodyLimitBytes, ConfigError, loadConfig } from './config';

describe('configuration validated at boot', () => {
  it('uses the documented defaults: the embedded store under ./data', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, EVENT_STORE_URL: 'sqlite:./data/vigie.db', DATA_DIR: './data', NODE_ENV: 'development' });
  });

  it('accepts the three backends', () => {
    expect(loadConfig({ EVENT_STORE_URL: 'postgres://u@h/db' }).EVENT_STORE_URL).toBe('postgres://u@h/db');
    expect(loadConfig({ EVENT_STORE_URL: 'esdb://localhost:2113?tls=false' }).EVENT_STORE_URL).toContain('esdb://');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['EVENT_STORE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['READ_MODEL_URL', 'sqlite:x'],
  ])('refuses %s=%s with a message naming the variable', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`${key}="${value}"`));
  });

  it('names each bad variable once, in English and French, by the rule that matters', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT="abc": PORT must be an integer number / PORT : doit être un nombre entier',
      'LOG_LEVEL="loud": LOG_LEVEL must be one of the following values: error, warn, log, debug, verbose / LOG_LEVEL : doit être l’une des valeurs permises : error, warn, log, debug, verbose',
    ]);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration \/ configuration invalide :/);
  });

  it('reads BODY_LIMIT in bytes (1kb = 1024 bytes)', () => {
    expect(bodyLimitBytes(loadConfig({}).BODY_LIMIT)).toBe(256 * 1024);
    expect(bodyLimitBytes(loadConfig({ BODY_LIMIT: '2mb' }).BODY_LIMIT)).toBe(2 * 1024 * 1024);
    expect(() => loadConfig({ BODY_LIMIT: '2gb' })).toThrow(/BODY_LIMIT="2gb"/);
  });
});
