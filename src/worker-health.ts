import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'http';
import { Env } from './config/env.validation';
import { CanaryService } from './system/canary.service';

/**
 * The worker's readiness: `GET /health/ready` on WORKER_HEALTH_PORT sends a canary job through
 * the system queue and answers 200 only when a worker finished it. A Redis PING alone can look
 * fine while a worker's blocking connection is stuck reconnecting.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHealthServer.name);
  private server?: Server;

  constructor(
    private readonly env: Env,
    private readonly canary: CanaryService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.WORKER_HEALTH_PORT) return;
    this.server = createServer((req, res) => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/health/live') return reply(200, { status: 'ok' });
      if (req.url !== '/health/ready')
        return reply(404, { statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
      this.canary
        .ping(5000)
        .then((ms) => reply(200, { status: 'ok', canaryMs: ms }))
        .catch((err: Error) =>
          reply(503, { statusCode: 503, code: 'NOT_READY', message: `Not ready: ${err.message}` }),
        );
    });
    this.server.on('error', (err) => this.logger.warn(`worker health server: ${err.message}`));
    this.server.listen(this.env.WORKER_HEALTH_PORT, '0.0.0.0');
  }

  async onApplicationShutdown(): Promise<void> {
    this.server?.close();
  }
}
