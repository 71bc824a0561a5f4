import { Controller, Get, Inject, Logger } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { Public } from '../common/auth/auth.decorators';
import { DomainError } from '../common/errors';
import { REDIS } from '../common/redis/redis.module';

class NotReadyError extends DomainError {
  constructor(details: unknown, failing: string[]) {
    super('NOT_READY', 503, `Not ready: ${failing.join(', ')} unavailable`, details);
  }
}

export class LiveResponse {
  @ApiProperty({ example: 'ok' }) status!: string;
}

export class ReadyResponse {
  @ApiProperty({ example: 'ok' }) status!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { postgres: { status: 'up' }, redis: { status: 'up' } },
  })
  details?: Record<string, { status: string }>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up. */
  @Get('live')
  @Public()
  @ApiOkResponse({ type: LiveResponse })
  live(): LiveResponse {
    return { status: 'ok' };
  }

  /** Postgres and Redis reachable; 503 naming the failing part when not. */
  @Get('ready')
  @Public()
  @ApiOkResponse({ type: ReadyResponse, description: 'All dependencies reachable' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; details name it' })
  async ready() {
    try {
      return await this.health.check([
        () => this.db.pingCheck('postgres', { timeout: 2000 }),
        () => this.redisCheck(),
      ]);
    } catch (err) {
      const result = (
        err as {
          response?: {
            error?: Record<string, unknown>;
            details?: Record<string, { status: string }>;
          };
        }
      ).response;
      const failing = Object.keys(result?.error ?? {});
      this.logger.warn(`not ready: ${JSON.stringify(result?.error ?? {})}`);
      const details = Object.fromEntries(
        Object.entries(result?.details ?? {}).map(([k, v]) => [k, { status: v.status }]),
      );
      throw new NotReadyError(details, failing.length ? failing : ['unknown']);
    }
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    try {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 1500))),
      ]).finally(() => clearTimeout(timer));
      return indicator.up();
    } catch (err) {
      // The reason (addresses, hosts) goes to the log, not to anonymous callers.
      this.logger.warn(`redis check failed: ${(err as Error).message}`);
      return indicator.down();
    }
  }
}
