// Small TypeBox helpers shared by route schemas.
import { Type } from '@fastify/type-provider-typebox';

/** A string enum typed as the union of its values (a plain `enum` in the OpenAPI document). */
export const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
