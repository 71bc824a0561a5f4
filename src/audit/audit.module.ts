import { Global, Module } from '@nestjs/common';
import { AuditPrivacy } from './audit-privacy';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditRepository,
    { provide: AuditPrivacy, useExisting: AuditRepository },
  ],
  exports: [AuditService, AuditPrivacy],
})
export class AuditModule {}
