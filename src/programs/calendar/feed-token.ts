import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'crypto';
import { Env } from '../../config/env.validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Calendar apps cannot send `Authorization` headers, so the three `.ics` routes also accept
 * `?token=<userId>.<HMAC-SHA256(JWT_SECRET, "calendar-feed:v1:" + userId)>`. The token only
 * opens those read-only feeds, never the rest of the API. It does not expire; it stops working
 * when the user is deactivated or JWT_SECRET is rotated.
 */
@Injectable()
export class FeedTokenService {
  constructor(private readonly env: Env) {}

  private sign(userId: string): string {
    return createHmac('sha256', this.env.JWT_SECRET!)
      .update(`calendar-feed:v1:${userId.toLowerCase()}`)
      .digest('base64url');
  }

  issue(userId: string): string {
    return `${userId}.${this.sign(userId)}`;
  }

  /** The user id the token was issued for, or null when it is malformed or forged. */
  verify(token: string): string | null {
    const dot = token.indexOf('.');
    if (dot < 0) return null;
    const userId = token.slice(0, dot);
    if (!UUID.test(userId)) return null;
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.sign(userId));
    return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
  }
}
