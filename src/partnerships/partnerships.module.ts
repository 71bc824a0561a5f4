import { Module } from '@nestjs/common';
import { PartnershipsController } from './partnerships.controller';
import { PartnershipsRepository } from './partnerships.repository';
import { PartnershipsService } from './partnerships.service';

@Module({
  controllers: [PartnershipsController],
  providers: [PartnershipsService, PartnershipsRepository],
  exports: [PartnershipsService],
})
export class PartnershipsModule {}
