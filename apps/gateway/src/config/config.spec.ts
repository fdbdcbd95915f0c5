import { bodyLimitBytes, ConfigError, loadConfig, trustProxy } from './config';

describe('configuration validated at boot', () => {
  it('uses the documented defaults: the embedded store under ./data', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, EVENT_STORE_URL: 'sqlite:./data/vigie.db', DATA_DIR: './data', NODE_ENV: 'development' });
  });

  it('keeps the embedded store in DATA_DIR when no store is named, and a named store where it is named', () => {
    expect(loadConfig({ DATA_DIR: '/srv/vigie' }).EVENT_STORE_URL).toBe('sqlite:/srv/vigie/vigie.db');
    expect(loadConfig({ DATA_DIR: '/srv/vigie/' }).EVENT_STORE_URL).toBe('sqlite:/srv/vigie/vigie.db');
    expect(loadConfig({ DATA_DIR: '/' }).EVENT_STORE_URL).toBe('sqlite:/vigie.db');
    expect(loadConfig({ DATA_DIR: '/srv/vigie', EVENT_STORE_URL: 'sqlite:/elsewhere/store.db' }).EVENT_STORE_URL).toBe('sqlite:/elsewhere/store.db');
    expect(loadConfig({ DATA_DIR: '/srv/vigie', EVENT_STORE_URL: 'postgres://u@h/db' }).EVENT_STORE_URL).toBe('postgres://u@h/db');
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
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '0'],
    ['TRUST_PROXY', '10'],
    ['TRUST_PROXY', '999.1.1.1'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', 'fd00::/129'],
    ['TRUST_PROXY', 'proxy.example'],
    ['TRUST_PROXY', '10.0.0.1,'],
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

  it('takes a METRICS_TOKEN of 32 printable characters or more, and never writes a refused one back', () => {
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(64) }).METRICS_TOKEN).toBe('a'.repeat(64));
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    for (const weak of ['s3cret-but-short', `${'a'.repeat(40)} b`]) {
      expect(() => loadConfig({ METRICS_TOKEN: weak })).toThrow(new RegExp(`METRICS_TOKEN=\\(${weak.length} characters, not shown / caractères, non affichés\\): METRICS_TOKEN must be at least 32 printable characters`));
      expect(() => loadConfig({ METRICS_TOKEN: weak })).not.toThrow(new RegExp(weak.slice(0, 8)));
    }
  });

  it('reads BODY_LIMIT in bytes (1kb = 1024 bytes)', () => {
    expect(bodyLimitBytes(loadConfig({}).BODY_LIMIT)).toBe(256 * 1024);
    expect(bodyLimitBytes(loadConfig({ BODY_LIMIT: '2mb' }).BODY_LIMIT)).toBe(2 * 1024 * 1024);
    expect(() => loadConfig({ BODY_LIMIT: '2gb' })).toThrow(/BODY_LIMIT="2gb"/);
  });

  it('trusts no proxy unless told: then a number of hops, or addresses and CIDR ranges', () => {
    expect(trustProxy(loadConfig({}).TRUST_PROXY)).toBe(false);
    expect(trustProxy(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback,fd00::/8,::1' }).TRUST_PROXY)).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback', 'fd00::/8', '::1']);
    const hops = trustProxy(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY) as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => hops('203.0.113.9', hop))).toEqual([true, true, false]);
  });

  it('says what TRUST_PROXY takes, in English and French', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must be a number of hops .* \/ TRUST_PROXY : doit être un nombre de relais/);
  });
});
