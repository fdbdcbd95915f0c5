import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy, validateSync } from 'class-validator';
import { isIP } from 'node:net';
import { saying, violationsOf } from '../http/validation';

/** One trusted proxy: an address, a CIDR range of one, or a name proxy-addr knows for a set of them. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

const isTrustProxy = (v: unknown) => typeof v === 'string' && (/^[1-9]$/.test(v) || v.split(',').every((entry) => isProxyAddress(entry.trim())));

/**
 * Every environment variable the service reads, with its default. Validated at boot:
 * a bad value stops the process with a message that names the variable.
 * (The README's configuration table is this class.)
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Unset: the embedded store in `DATA_DIR` (`sqlite:<DATA_DIR>/vigie.db`), beside the read models and the keys. */
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+|esdb(\+discover)?:\/\/.+)$/, saying('EVENT_STORE_URL must be sqlite:<path>, postgres://… or esdb://…', 'doit être sqlite:<chemin>, postgres://… ou esdb://…'))
  EVENT_STORE_URL = 'sqlite:./data/vigie.db';

  @IsString()
  DATA_DIR = './data';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  @Matches(/^\d+(kb|mb)$/, saying('BODY_LIMIT must look like 100kb or 1mb', 'doit s’écrire comme 100kb ou 1mb'))
  BODY_LIMIT = '256kb';

  /** Run the penalty clock in this process (at start and after each Montreal midnight). */
  @IsBoolean()
  PENALTY_CLOCK_ENABLED = true;

  /**
   * Run the projections in this process. Set `false` on gateways whose read models another
   * process keeps (`npm run cli -- projections run`, or one gateway left with `true`): they
   * answer queries from the shared read models and wait for that process's checkpoints.
   */
  @IsBoolean()
  PROJECTIONS_ENABLED = true;

  /**
   * The least time between two batches of a live projection, in ms: appends closer together
   * are applied in one batch, unless a query waits for them (it hurries the batch). 5 spares
   * a write-heavy gateway most of its read-model transactions; 0 is a batch for every append.
   */
  @IsInt()
  @Min(0)
  @Max(1000)
  PROJECTION_GATHER_MS = 5;

  /** Expected `iss` of tokens (the development issuer signs with the key under DATA_DIR/keys). */
  @IsString()
  AUTH_ISSUER = 'vigie-dev';

  @IsString()
  AUTH_AUDIENCE = 'vigie';

  /** Production: the OIDC issuer's JWKS URL; tokens are then verified against it. */
  @IsOptional()
  @Matches(/^https:\/\/.+/, saying('AUTH_JWKS_URL must be an https:// URL', 'doit être une URL https://'))
  AUTH_JWKS_URL?: string;

  /** Run the outbox (webhook deliveries) in this process. */
  @IsBoolean()
  OUTBOX_ENABLED = true;

  /** First retry delay of a failed webhook delivery, in ms (doubles each attempt, capped at an hour). */
  @IsInt()
  @Min(1)
  WEBHOOK_RETRY_BASE_MS = 30_000;

  /** Attempts before a delivery goes to the dead-letter list. */
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** Record deadline and penalty-day reminders in this process (signed webhooks through the outbox; shown on the dashboard). */
  @IsBoolean()
  REMINDERS_ENABLED = true;

  /** Seconds between two reminder passes (a reminder is recorded at most this long after its moment). */
  @IsInt()
  @Min(5)
  @Max(3600)
  REMINDER_INTERVAL_SECONDS = 60;

  /**
   * On SIGTERM or SIGINT, how long the gateway keeps serving before it stops listening, in
   * ms: every answer then closes its connection and `/health` answers 503, so that a load
   * balancer stops sending it requests. 0 (one machine, nothing in front): it stops at once.
   */
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_DRAIN_MS = 0;

  /** The longest a stop may take, drain included, in ms, before the process exits anyway (status 1). */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 25_000;

  /** Requests per minute per client (IP address) before 429. */
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;

  /**
   * The reverse proxies or load balancers in front of the gateway, whose `X-Forwarded-For`
   * names the client: a number of hops, or a comma-separated list of addresses and CIDR
   * ranges (`loopback`, `linklocal` and `uniquelocal` name the usual ones). Unset, the
   * connection's peer is the client, and `X-Forwarded-For` is ignored: a client cannot
   * escape the rate limit by writing the header itself.
   */
  @IsOptional()
  @ValidateBy({ name: 'trustProxy', validator: { validate: isTrustProxy } }, saying('TRUST_PROXY must be a number of hops (1–9) or a comma-separated list of addresses or CIDR ranges (or loopback, linklocal, uniquelocal)', 'doit être un nombre de relais (1 à 9) ou une liste d’adresses ou de plages CIDR séparées par des virgules (ou loopback, linklocal, uniquelocal)'))
  TRUST_PROXY?: string;

  /**
   * A bearer token Prometheus must send to read `/metrics` (its `authorization` setting).
   * Unset, `/metrics` answers without one, as a scraper on a private network expects.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{32,}$/, saying('METRICS_TOKEN must be at least 32 printable characters, no spaces (e.g. openssl rand -hex 32)', 'doit compter au moins 32 caractères imprimables, sans espace (p. ex. openssl rand -hex 32)'))
  METRICS_TOKEN?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+$/, saying('READ_MODEL_URL must be a postgres:// URL (or unset for SQLite read models)', 'doit être une URL postgres:// (ou absente pour des modèles de lecture SQLite)'))
  READ_MODEL_URL?: string;
}

/** Fastify's `trustProxy` for `TRUST_PROXY` (validated): false when unset; a number of hops trusts that many, nearest first. */
export function trustProxy(value: string | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  if (!value) return false;
  if (/^\d$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((part) => part.trim());
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration / configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const NUMERIC: (keyof AppConfig)[] = ['PORT', 'PROJECTION_GATHER_MS', 'SHUTDOWN_DRAIN_MS', 'SHUTDOWN_TIMEOUT_MS', 'RATE_LIMIT_PER_MINUTE', 'WEBHOOK_RETRY_BASE_MS', 'WEBHOOK_MAX_ATTEMPTS', 'REMINDER_INTERVAL_SECONDS'];
/** Never written back in an error (a boot log is read by more people than the secret's owners). */
const SECRET: string[] = ['METRICS_TOKEN'];
const BOOLEAN: (keyof AppConfig)[] = ['PENALTY_CLOCK_ENABLED', 'PROJECTIONS_ENABLED', 'OUTBOX_ENABLED', 'REMINDERS_ENABLED'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaults = new AppConfig();
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof AppConfig)[]) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.includes(key)
      ? /^\d+$/.test(value)
        ? Number(value)
        : value
      : BOOLEAN.includes(key)
        ? value === 'true'
          ? true
          : value === 'false'
            ? false
            : value
        : value;
  }
  for (const optional of ['READ_MODEL_URL', 'AUTH_JWKS_URL', 'TRUST_PROXY', 'METRICS_TOKEN'] as const) if (env[optional]) raw[optional] = env[optional];
  const config = Object.assign(defaults, plainToInstance(AppConfig, raw));
  // The embedded store lives in the data directory unless the store is named: DATA_DIR=/srv/vigie alone moves all local state.
  if (raw.EVENT_STORE_URL === undefined && typeof config.DATA_DIR === 'string') config.EVENT_STORE_URL = `sqlite:${config.DATA_DIR.replace(/\/+$/, '')}/vigie.db`;
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length) {
    // Each variable once, by the rule that matters (a wrong kind, or every rule broken), in English then French.
    const byField = new Map<string, string[]>();
    for (const v of violationsOf(errors)) byField.set(v.field, [...(byField.get(v.field) ?? []), `${v.message.en} / ${v.message.fr}`]);
    const shown = (field: string) => (SECRET.includes(field) ? `(${String(env[field]).length} characters, not shown / caractères, non affichés)` : JSON.stringify(env[field]));
    throw new ConfigError([...byField].map(([field, messages]) => `${field}=${shown(field)}: ${messages.join('; ')}`));
  }
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** `BODY_LIMIT` in bytes (1kb = 1024 bytes). */
export function bodyLimitBytes(limit: string): number {
  const m = /^(\d+)(kb|mb)$/.exec(limit);
  if (!m) throw new ConfigError([`BODY_LIMIT="${limit}": BODY_LIMIT must look like 100kb or 1mb / BODY_LIMIT doit s’écrire comme 100kb ou 1mb`]);
  return Number(m[1]) * (m[2] === 'kb' ? 1024 : 1024 * 1024);
}
