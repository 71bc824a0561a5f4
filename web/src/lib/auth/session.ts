/**
 * The signed-in session. The access token lives only in this module's memory; the refresh
 * token is an HttpOnly cookie the API sets for the auth routes (X-Silkbridge-Client: web), so
 * no script can read it and a reload restores the session with one refresh call.
 */
const WEB_CLIENT = { 'X-Silkbridge-Client': 'web' };
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

let token: string | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

export const accessToken = () => token;

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setToken(next: string | null, expiresIn?: number) {
  token = next;
  clearTimeout(timer);
  if (next && expiresIn) {
    const delay = Math.max(expiresIn * 1000 - REFRESH_MARGIN_MS, 5_000);
    timer = setTimeout(() => void refresh(), delay);
  }
  listeners.forEach((l) => l());
}

export interface LoginFailure {
  status: number;
  code: string;
  message: string;
}

export async function signIn(email: string, password: string): Promise<LoginFailure | null> {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...WEB_CLIENT },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return { status: res.status, code: body.code, message: body.message };
  setToken(body.accessToken, body.expiresIn);
  return null;
}

/**
 * Rotates the cookie's refresh token. A refresh token works once and a reused one revokes the
 * session, so one refresh at a time: within this tab (one promise) and across tabs (a Web Lock).
 */
export function refresh(): Promise<boolean> {
  inFlight ??= (async () => {
    const run = async () => {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...WEB_CLIENT },
        body: '{}',
      });
      if (!res.ok) {
        setToken(null);
        return false;
      }
      const body = await res.json();
      setToken(body.accessToken, body.expiresIn);
      return true;
    };
    try {
      return navigator.locks ? await navigator.locks.request('silkbridge-refresh', run) : await run();
    } catch {
      setToken(null);
      return false;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

/** Revokes the cookie's session on the server (logout needs a live access token). */
export async function signOut(): Promise<void> {
  if (!token) await refresh();
  if (token)
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: '{}',
    }).catch(() => undefined);
  setToken(null);
}

/** An API call answered 401: the session ended (expired, deactivated, signed out elsewhere). */
export function handleUnauthorized(): void {
  if (token) setToken(null);
}
