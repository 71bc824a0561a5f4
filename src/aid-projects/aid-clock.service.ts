import { Injectable } from '@nestjs/common';

/**
 * Today's date for the aid domain (the overdue view). UTC: milestones are dates without a zone
 * and projects span Pakistan and China; a milestone due on D is overdue from D+1 00:00 UTC.
 * Tests pass `?asOf=` instead of moving the clock.
 */
@Injectable()
export class AidClock {
  now(): Date {
    return new Date();
  }

  /** `YYYY-MM-DD` in UTC. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
