// Small helpers for the TypeBox schemas of the contracts.
import { Type, type TSchema } from 'typebox';

/** A string limited to the given values (a plain JSON-Schema enum, typed as the union). */
export const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** The schema, or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
