import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { CanaryService } from './canary.service';

export class WorkerPingResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Round trip through the queue and a worker, in ms' })
  latencyMs!: number;
}

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly canary: CanaryService) {}

  /** Sends a canary job through the queue and waits for a worker to finish it (admin). */
  @Post('worker-ping')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkerPingResponse })
  async workerPing(): Promise<WorkerPingResponse> {
    return { ok: true, latencyMs: await this.canary.ping(10000) };
  }
}
