import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, Role } from '../common/auth/actor';
import { Clock } from '../common/clock';
import {
  ALLOW_UNAPPROVED_KEY,
  AuthedRequest,
  PUBLIC_KEY,
  ROLES_KEY,
} from '../common/auth/auth.decorators';
import {
  ForbiddenError,
  OrganizationExpiredError,
  OrganizationNotApprovedError,
  UnauthenticatedError,
} from '../common/errors';
import { requestContext } from '../common/http/request-context';
import { UsersRepository } from '../users/users.repository';
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
    private readonly users: UsersRepository,
    private readonly clock: Clock,
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
    if (
      actor.role === 'ngo_member' &&
      actor.organizationExpired &&
      !READ_METHODS.has(req.method) &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_UNAPPROVED_KEY, targets)
    ) {
      throw new OrganizationExpiredError();
    }
    return true;
  }

  /** Resolves the bearer token to a fresh {@link Actor}; 401 for anything wrong. */
  async authenticate(req: Pick<AuthedRequest, 'headers'>): Promise<Actor> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthenticatedError();
    let claims: { sub: string; sid?: string };
    try {
      claims = await this.tokens.verifyAccess(match[1]);
    } catch {
      throw new UnauthenticatedError('Invalid or expired access token');
    }
    const actor = await this.loadActor(claims.sub);
    if (!actor) throw new UnauthenticatedError('Invalid or expired access token');
    if (typeof claims.sid === 'string') actor.sessionId = claims.sid;
    return actor;
  }

  /** The user as an {@link Actor}, read fresh on the primary; null when unknown or deactivated. */
  loadActor(userId: string): Promise<Actor | null> {
    return this.users.findActor(userId, this.clock.now());
  }
}
