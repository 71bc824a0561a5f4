import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The current time, injected so that time-driven rules (reminder due times, working hours) can be
 * tested without sleeping: tests override or spy on `now()`.
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
