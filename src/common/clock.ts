import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The current time, injected wherever a rule depends on it (deadlines, attendance, dormancy),
 * so tests can move time with `app.get(Clock)` instead of sleeping.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** Provides {@link Clock} everywhere once imported by any module. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
