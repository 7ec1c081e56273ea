// GeoJSON pieces of the API schemas (RFC 7946, WGS 84 longitude/latitude).
import { Type } from 'typebox';

/** Any GeoJSON geometry: a `type` and its coordinates (or `geometries`), kept as sent. */
export const GeometrySchema = Type.Unsafe<GeoJSON.Geometry>({
  type: 'object',
  description: 'GeoJSON geometry in WGS 84 (lon, lat)',
  properties: { type: { type: 'string' } },
  required: ['type'],
  additionalProperties: true,
});

/** A GeoJSON point. */
export const PointSchema = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Tuple([Type.Number(), Type.Number()]),
});
