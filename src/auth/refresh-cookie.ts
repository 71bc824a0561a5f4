import { parse, serialize, SerializeOptions } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app's refresh token travels in a cookie no script can read (HttpOnly), sent only to
 * the auth routes (Path) of this site (SameSite=Strict). The web app asks for it by sending
 * this header on login and refresh; other API clients keep receiving the token in JSON.
 */
export const WEB_CLIENT_HEADER = 'x-silkbridge-client';
export const REFRESH_COOKIE = 'sb_refresh';
const COOKIE_PATH = '/api/v1/auth';

export function isWebClient(req: FastifyRequest): boolean {
  return req.headers[WEB_CLIENT_HEADER] === 'web';
}

export function refreshTokenFromCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  return (header && parse(header)[REFRESH_COOKIE]) || undefined;
}

const attributes = (secure: boolean): SerializeOptions => ({
  httpOnly: true,
  secure,
  sameSite: 'strict',
  path: COOKIE_PATH,
});

export function setRefreshCookie(
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
  secure: boolean,
): void {
  void reply.header(
    'Set-Cookie',
    serialize(REFRESH_COOKIE, token, { ...attributes(secure), maxAge: maxAgeSeconds }),
  );
}

export function clearRefreshCookie(reply: FastifyReply, secure: boolean): void {
  void reply.header(
    'Set-Cookie',
    serialize(REFRESH_COOKIE, '', { ...attributes(secure), expires: new Date(0) }),
  );
}
