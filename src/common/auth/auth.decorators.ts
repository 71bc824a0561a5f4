import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor, Role } from './actor';

export const ROLES_KEY = 'silkbridge:roles';
export const PUBLIC_KEY = 'silkbridge:public';
export const ALLOW_UNAPPROVED_KEY = 'silkbridge:allowUnapproved';

/** Roles that may call the route. A route with neither @Roles nor @Public is denied. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth());

/** Any signed-in user. */
export const AnyRole = () => Roles('admin', 'coordinator', 'ngo_member');

/** No token needed (login, refresh, public registration, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** A write an ngo_member of a not-yet-approved organisation may still make (e.g. mark read). */
export const AllowUnapproved = () => SetMetadata(ALLOW_UNAPPROVED_KEY, true);

export type AuthedRequest = FastifyRequest & { actor?: Actor };

/** The caller, as the auth guard loaded it. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  return req.actor!;
});
