import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { saying, violationsOf } from '../http/validation';

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

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+|esdb(\+discover)?:\/\/.+)$/, saying('EVENT_STORE_URL must be sqlite:<path>, postgres://… or esdb://…', 'EVENT_STORE_URL doit être sqlite:<chemin>, postgres://… ou esdb://…'))
  EVENT_STORE_URL = 'sqlite:./data/vigie.db';

  @IsString()
  DATA_DIR = './data';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  @Matches(/^\d+(kb|mb)$/, saying('BODY_LIMIT must look like 100kb or 1mb', 'BODY_LIMIT doit s’écrire comme 100kb ou 1mb'))
  BODY_LIMIT = '256kb';

  /** Run the penalty clock in this process (at start and after each Montreal midnight). */
  @IsBoolean()
  PENALTY_CLOCK_ENABLED = true;

  /** Expected `iss` of tokens (the development issuer signs with the key under DATA_DIR/keys). */
  @IsString()
  AUTH_ISSUER = 'vigie-dev';

  @IsString()
  AUTH_AUDIENCE = 'vigie';

  /** Production: the OIDC issuer's JWKS URL; tokens are then verified against it. */
  @IsOptional()
  @Matches(/^https:\/\/.+/, saying('AUTH_JWKS_URL must be an https:// URL', 'AUTH_JWKS_URL doit être une URL https://'))
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

  /** Requests per minute per client (IP address) before 429. */
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+$/, saying('READ_MODEL_URL must be a postgres:// URL (or unset for SQLite read models)', 'READ_MODEL_URL doit être une URL postgres:// (ou absente pour des modèles de lecture SQLite)'))
  READ_MODEL_URL?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration / configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const NUMERIC: (keyof AppConfig)[] = ['PORT', 'RATE_LIMIT_PER_MINUTE', 'WEBHOOK_RETRY_BASE_MS', 'WEBHOOK_MAX_ATTEMPTS', 'REMINDER_INTERVAL_SECONDS'];
const BOOLEAN: (keyof AppConfig)[] = ['PENALTY_CLOCK_ENABLED', 'OUTBOX_ENABLED', 'REMINDERS_ENABLED'];

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
  for (const optional of ['READ_MODEL_URL', 'AUTH_JWKS_URL'] as const) if (env[optional]) raw[optional] = env[optional];
  const config = Object.assign(defaults, plainToInstance(AppConfig, raw));
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length) {
    // Each variable once, by the rule that matters (a wrong kind, or every rule broken), in English then French.
    const byField = new Map<string, string[]>();
    for (const v of violationsOf(errors)) byField.set(v.field, [...(byField.get(v.field) ?? []), `${v.message.en} / ${v.message.fr}`]);
    throw new ConfigError([...byField].map(([field, messages]) => `${field}=${JSON.stringify(env[field])}: ${messages.join('; ')}`));
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
