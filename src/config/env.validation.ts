import { plainToInstance, Transform } from 'class-transformer';
import { CommaSeparated, IsTimeZone } from '../common/validation/validators';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
/** "true"/"1" and "false"/"0" only; anything else stays a string and fails @IsBoolean. */
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const v = String(value).toLowerCase();
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : value;
};

/**
 * Every setting the API and the worker read, validated once at start-up.
 * A bad or missing value stops the process with a message naming the variable.
 */
export class Env {
  /** Unset counts as production: a deployment must name its JWT_SECRET. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/silkbridge';

  /**
   * Postgres connections one API process holds. More connections than the database has cores
   * to run them only queue inside Postgres: on 2 cores, 20 → 10 raised the slowest list's
   * throughput 18% and cut its p99 from 116 to 94 ms (docs/operations.md).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 10;

  /**
   * Read replicas, comma-separated postgres:// URLs. TypeORM then sends reads made outside a
   * transaction through the query builder or repositories (lists, lookups by id) to one of them
   * at random; see docs/operations.md for what stays on the primary.
   */
  @CommaSeparated()
  @IsOptional()
  @IsArray()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    each: true,
    message: 'DATABASE_REPLICA_URLS must be postgres:// URLs, comma-separated',
  })
  DATABASE_REPLICA_URLS: string[] = [];

  @IsString()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX = 'silkbridge';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** SMTP connection URL (smtp://user:pass@host:port); email is off when unset. */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * Fastify `trustProxy` (the values Express's `trust proxy` took): which proxies may set
   * X-Forwarded-For (login limits count per client address). `loopback` by default; e.g.
   * `10.0.0.0/8` or `1` (one hop) behind a load balancer.
   */
  @IsString()
  TRUST_PROXY = 'loopback';

  @IsString()
  MAIL_FROM = 'Silkbridge <no-reply@silkbridge.local>';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Failed logins allowed per account and per address in LOGIN_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 60;

  /**
   * Password-reset requests allowed per account per hour (four times as many per address);
   * every request counts, known address or not.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PASSWORD_RESETS_PER_HOUR = 5;

  /**
   * The web app's address, without a trailing slash: password-reset emails link to
   * `<PUBLIC_URL>/reset-password?token=…`.
   */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http:// or https:// URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /** Public registrations allowed per address per hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REGISTRATIONS_PER_HOUR = 20;

  /** Largest JSON body: bytes, or with a unit (`512kb`, `1mb`). */
  @Matches(/^\s*\d+(\.\d+)?\s*(b|kb|mb|gb)?\s*$/i, {
    message: 'BODY_LIMIT must be a size such as 1mb, 512kb or 100000',
  })
  BODY_LIMIT = '1mb';

  /** Maximum size of an uploaded CSV. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

  /** Run pending migrations when the API starts (the worker never migrates). */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** Time zone used for report periods and scheduled reports. */
  @IsTimeZone()
  REPORT_TIME_ZONE = 'Asia/Karachi';

  /**
   * How often the worker's job scheduler checks report schedules for closed periods (ms).
   * 0 = this worker does not install the scheduler (ticks can still be run by another worker).
   */
  @Transform(toInt)
  @ValidateIf((e: Env) => e.REPORT_TICK_EVERY_MS !== 0)
  @IsInt()
  @Min(1000, { message: 'REPORT_TICK_EVERY_MS must be 0 (off) or at least 1000' })
  REPORT_TICK_EVERY_MS = 3600 * 1000;

  /** Optional TTF/OTF font embedded in PDF reports (e.g. a Noto CJK font); else a system font is looked up. */
  @IsOptional()
  @IsString()
  REPORT_PDF_FONT?: string;

  /** Port of the worker's own health endpoint (0 = off). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /**
   * Reminder deliveries one worker runs one by one at a time: those with emails, working hours,
   * or whose record changed (see REMINDER_BATCH_SIZE for the rest).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WORKER_CONCURRENCY = 5;

  /**
   * Jobs one worker holds at once on the notifications queue. In-app-only deliveries among them
   * are written together, up to REMINDER_BATCH_SIZE per statement.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  NOTIFICATIONS_CONCURRENCY = 400;

  /** Due in-app reminders delivered by one statement (1 = one by one). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  REMINDER_BATCH_SIZE = 200;

  /**
   * Lock of a job a worker holds on the notifications queue (ms). A worker that dies mid-job
   * (SIGKILL) loses its job to another worker once the lock expires; stalled jobs are checked
   * at the same interval.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  WORKER_LOCK_DURATION_MS = 30000;

  /** How often the reminders sweep runs (drains the outbox, re-enqueues lost reminder jobs), ms. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  REMINDER_SWEEP_EVERY_MS = 60000;

  /**
   * How often the worker re-enqueues notification events whose after-commit enqueue was lost
   * (Redis down at the time), ms. Events are normally delivered within a second of the change.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  EVENT_SWEEP_EVERY_MS = 30000;

  /** Connection, greeting and socket timeouts of the SMTP client, ms. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SMTP_TIMEOUT_MS = 30000;

  /** Months without a program after which an active partnership is reported dormant. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PARTNERSHIP_DORMANT_MONTHS = 18;

  /** Months an organisation's approval stays valid before it must be renewed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ORGANIZATION_APPROVAL_MONTHS = 24;
}

/** Validates process.env; throws one error listing every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    problems.push('JWT_SECRET is required unless NODE_ENV is development or test');
  }
  if (
    env.NODE_ENV === 'production' &&
    env.JWT_SECRET &&
    /change-?me|development-only|secret-do-not-use/i.test(env.JWT_SECRET)
  ) {
    problems.push(
      'JWT_SECRET is a placeholder; use 32+ random characters (e.g. openssl rand -hex 32)',
    );
  }
  if (!!env.ADMIN_EMAIL !== !!env.ADMIN_PASSWORD) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  if (!env.JWT_SECRET) {
    // Development and tests only: a fixed, clearly-labelled secret so tokens survive restarts.
    env.JWT_SECRET = 'development-only-secret-do-not-use-in-production';
    console.warn(
      'JWT_SECRET is not set: using the development-only secret (NODE_ENV=%s)',
      env.NODE_ENV,
    );
  }
  return env;
}

let cached: Env | undefined;
/** The validated environment of this process (validated on first use). */
export function loadEnv(): Env {
  cached ??= validateEnv(process.env);
  return cached;
}
/** Tests change process.env between apps; this forgets the cached copy. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** For scripts that only touch the database (migrate, seed): no need for the API's secrets. */
export function loadDatabaseEnv(): Pick<Env, 'DATABASE_URL'> {
  const url = process.env.DATABASE_URL || new Env().DATABASE_URL;
  if (!/^postgres(ql)?:\/\/.+/.test(url))
    throw new Error('Invalid configuration:\n  - DATABASE_URL must be a postgres:// URL');
  return { DATABASE_URL: url };
}
