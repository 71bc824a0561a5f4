import createClient, { type Middleware } from 'openapi-fetch';
import i18n from 'i18next';
import type { components, paths } from './schema';
import { accessToken, handleUnauthorized } from '../auth/session';

export type Schemas = components['schemas'];

/** The error body every API failure has (API-CONTRACT "Errors"). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; message: string; row?: number }[] | unknown;
}

/** Thrown by the hooks so TanStack Query and forms see the API's code, message and details. */
export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
  get code() {
    return this.body.code;
  }
  /** VALIDATION_FAILED details as field → message (first message per field). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.body.code !== 'VALIDATION_FAILED' || !Array.isArray(this.body.details)) return out;
    for (const d of this.body.details as { field?: string; message?: string }[]) {
      if (d.field && d.message && !out[d.field]) out[d.field] = d.message;
    }
    return out;
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    // Error messages come back in the reader's language (API-CONTRACT "Languages").
    request.headers.set('Accept-Language', i18n.language || 'en');
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) handleUnauthorized();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError with the API's body. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const body = (result.error ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError({
      statusCode: body.statusCode ?? result.response.status,
      code: body.code ?? 'UNKNOWN',
      message: body.message ?? result.response.statusText,
      details: body.details,
    });
  }
  return result.data as T;
}
