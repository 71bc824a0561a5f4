import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, Role } from '../common/auth/actor';
import {
  ALLOW_UNAPPROVED_KEY,
  AuthedRequest,
  PUBLIC_KEY,
  ROLES_KEY,
} from '../common/auth/auth.decorators';
import {
  ForbiddenError,
  OrganizationNotApprovedError,
  UnauthenticatedError,
} from '../common/errors';
import { requestContext } from '../common/http/request-context';
import { TokenService } from './token.service';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one global guard: authenticates, then authorises by @Roles. Deny by default: a route
 * that declares neither @Roles nor @Public answers 403. The user and its organisation's status
 * are read on every request, so approval, suspension and deactivation apply at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const actor = await this.authenticate(req);
    req.actor = actor;
    const store = requestContext.getStore();
    if (store) store.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      this.logger.warn(
        `route ${req.method} ${req.routeOptions?.url ?? req.url} declares no roles: denied`,
      );
      throw new ForbiddenError();
    }
    if (!roles.includes(actor.role)) throw new ForbiddenError();

    if (
      actor.role === 'ngo_member' &&
      actor.organizationStatus !== 'approved' &&
      !READ_METHODS.has(req.method) &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_UNAPPROVED_KEY, targets)
    ) {
      throw new OrganizationNotApprovedError();
    }
    return true;
  }

  /** Resolves the bearer token to a fresh {@link Actor}; 401 for anything wrong. */
  async authenticate(req: Pick<AuthedRequest, 'headers'>): Promise<Actor> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError();
    let sub: string;
    try {
      sub = (await this.tokens.verifyAccess(match[1])).sub;
    } catch {
      throw new UnauthenticatedError('Invalid or expired access token');
    }
    const actor = await this.loadActor(sub);
    if (!actor) throw new UnauthenticatedError('Invalid or expired access token');
    return actor;
  }

  /** The user as an {@link Actor}, read fresh; null when unknown or deactivated. */
  async loadActor(userId: string): Promise<Actor | null> {
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
    if (!u || !u.is_active) return null;
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
