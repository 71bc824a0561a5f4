import { AsyncLocalStorage } from 'async_hooks';
import type { Actor } from '../auth/actor';

export interface RequestContext {
  requestId: string;
  actor?: Actor;
}

/** Per-request facts (request id, actor) for code far from the controller, e.g. the audit trail. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

export const currentRequestId = (): string | undefined => requestContext.getStore()?.requestId;
