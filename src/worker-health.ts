import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'http';
import { QueueEvents } from 'bullmq';
import { Env } from './config/env.validation';
import { QueueProducer } from './common/queue/queue-producer.service';
import { QUEUES } from './common/queue/queue.constants';
import { bullConnection } from './common/redis/redis.module';

/**
 * The worker's readiness: `GET /health/ready` on WORKER_HEALTH_PORT sends a canary job through
 * the system queue and answers 200 only when a worker finished it. A Redis PING alone can look
 * fine while a worker's blocking connection is stuck reconnecting.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHealthServer.name);
  private server?: Server;
  private events?: QueueEvents;

  constructor(
    private readonly env: Env,
    private readonly producer: QueueProducer,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.WORKER_HEALTH_PORT) return;
    this.server = createServer((req, res) => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/health/live') return reply(200, { status: 'ok' });
      if (req.url !== '/health/ready') return reply(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
      this.canary()
        .then((ms) => reply(200, { status: 'ok', canaryMs: ms }))
        .catch((err: Error) => reply(503, { statusCode: 503, code: 'NOT_READY', message: `Not ready: ${err.message}` }));
    });
    this.server.on('error', (err) => this.logger.warn(`worker health server: ${err.message}`));
    this.server.listen(this.env.WORKER_HEALTH_PORT, '0.0.0.0');
  }

  private async canary(): Promise<number> {
    const started = Date.now();
    this.events ??= new QueueEvents(QUEUES.system, {
      connection: bullConnection(this.env.REDIS_URL, 'blocking'),
      prefix: this.env.QUEUE_PREFIX,
    });
    const job = await this.producer.add(QUEUES.system, 'system.ping', { sentAt: new Date().toISOString() });
    await job.waitUntilFinished(this.events, 5000);
    return Date.now() - started;
  }

  async onApplicationShutdown(): Promise<void> {
    this.server?.close();
    await this.events?.close();
  }
}
