import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { QueueEvents } from 'bullmq';
import { Env } from '../config/env.validation';
import { bullConnection } from '../common/redis/redis.module';
import { Roles } from '../common/auth/auth.decorators';
import { ServiceUnavailableError } from '../common/errors';
import { QueueProducer } from '../common/queue/queue-producer.service';
import { QUEUES } from '../common/queue/queue.constants';

export class WorkerPingResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Round trip through the queue and a worker, in ms' }) latencyMs!: number;
}

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(
    private readonly producer: QueueProducer,
    private readonly env: Env,
  ) {}

  /** Sends a canary job through the queue and waits for a worker to finish it (admin). */
  @Post('worker-ping')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkerPingResponse })
  async workerPing(): Promise<WorkerPingResponse> {
    const started = Date.now();
    const job = await this.producer.add(QUEUES.system, 'system.ping', { sentAt: new Date().toISOString() });
    const events = new QueueEvents(QUEUES.system, {
      connection: bullConnection(this.env.REDIS_URL, 'blocking'),
      prefix: this.env.QUEUE_PREFIX,
    });
    try {
      await job.waitUntilFinished(events, 10000);
      return { ok: true, latencyMs: Date.now() - started };
    } catch {
      throw new ServiceUnavailableError('worker');
    } finally {
      await events.close();
    }
  }
}
