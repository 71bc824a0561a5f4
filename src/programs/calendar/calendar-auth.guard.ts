import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '../../auth/auth.guard';
import type { Actor } from '../../common/auth/actor';
import type { AuthedRequest } from '../../common/auth/auth.decorators';
import { UnauthenticatedError } from '../../common/errors';
import { requestContext } from '../../common/http/request-context';
import { FeedTokenService } from './feed-token';

/**
 * For the `.ics` routes only (they are @Public() so the global guard lets them through):
 * a `?token=` feed token, else the usual Bearer token via the global guard's authenticate().
 * Any role may read calendars; what each one sees is decided by the calendar service.
 */
@Injectable()
export class CalendarAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthGuard,
    private readonly feedTokens: FeedTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const token = (req.query as Record<string, unknown> | undefined)?.token;
    const actor =
      token !== undefined ? await this.fromFeedToken(token) : await this.auth.authenticate(req);
    req.actor = actor;
    const store = requestContext.getStore();
    if (store) store.actor = actor;
    return true;
  }

  private async fromFeedToken(token: unknown): Promise<Actor> {
    const userId = typeof token === 'string' ? this.feedTokens.verify(token) : null;
    const actor = userId ? await this.auth.loadActor(userId) : null;
    if (!actor) throw new UnauthenticatedError('Invalid calendar feed token');
    return actor;
  }
}
