// Small helpers for the TypeBox schemas of the contracts.
import { Type, type TSchema } from 'typebox';

/** A string limited to the given values (a plain JSON-Schema enum, typed as the union). */
export const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** The schema, or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * A file answer (CSV, XLSX, GeoJSON stream, image, vector tile): no JSON schema, only its media
 * types, so the OpenAPI document names them and the body is sent untouched.
 */
export const fileResponse = (description: string, mediaTypes: readonly string[]) => ({
  description,
  content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: Type.Unsafe<Uint8Array | string>({ type: 'string', format: 'binary' }) }])),
});
