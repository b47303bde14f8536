import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ledger:is-public';

/**
 * Marks a controller or route as needing no bearer token (health checks, published documents).
 * Everything else needs one: routes are private by default, so a new controller cannot be
 * exposed by forgetting a decorator.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
