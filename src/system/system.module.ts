import { Module } from '@nestjs/common';
import { CanaryService } from './canary.service';
import { SystemController } from './system.controller';

@Module({ controllers: [SystemController], providers: [CanaryService], exports: [CanaryService] })
export class SystemModule {}
