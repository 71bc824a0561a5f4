import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthGuard } from '../../auth/auth.guard';
import type { Actor, Role } from '../../common/auth/actor';
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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const token = req.query?.token;
    const actor =
      token !== undefined ? await this.fromFeedToken(token) : await this.auth.authenticate(req);
    req.actor = actor;
    const store = requestContext.getStore();
    if (store) store.actor = actor;
    return true;
  }

  private async fromFeedToken(token: unknown): Promise<Actor> {
    const userId = typeof token === 'string' ? this.feedTokens.verify(token) : null;
    if (!userId) throw new UnauthenticatedError('Invalid calendar feed token');
    const rows: {
      id: string;
      email: string;
      role: Role;
      organization_id: string | null;
      time_zone: string | null;
      is_active: boolean;
      org_status: Actor['organizationStatus'];
    }[] = await this.dataSource.query(
      `SELECT u.id, u.email, u.role, u.organization_id, u.time_zone, u.is_active, o.status AS org_status
           FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
      [userId],
    );
    const u = rows[0];
    if (!u || !u.is_active) throw new UnauthenticatedError('Invalid calendar feed token');
    return {
      userId: u.id,
      email: u.email,
      role: u.role,
      organizationId: u.organization_id,
      organizationStatus: u.org_status ?? null,
      timeZone: u.time_zone,
    };
  }
}
