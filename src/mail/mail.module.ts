import { Module } from '@nestjs/common';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { EmailDeliveryService } from './email-delivery.service';
import { MailService } from './mail.service';

/** SMTP (nodemailer) and exactly-once email deliveries. */
@Module({
  providers: [MailService, EmailDeliveryService, EmailDeliveriesRepository],
  exports: [MailService, EmailDeliveryService],
})
export class MailModule {}
