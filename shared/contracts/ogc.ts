// OGC API – Features (Part 1 Core, GeoJSON): the documents of /ogc as TypeBox schemas with
// their static types. Feature properties are the (masked) fields of a record: open JSON.
import { Type, type Static } from 'typebox';
import { GeometrySchema } from './geojson.ts';
import { Nullable } from './schema.ts';

export const OgcLinkSchema = Type.Object({
  href: Type.String(),
  rel: Type.String(),
  type: Type.String(),
  title: Type.Optional(Type.String()),
});
export type OgcLink = Static<typeof OgcLinkSchema>;

export const OgcLandingSchema = Type.Object({
  title: Type.String(),
  description: Type.String(),
  links: Type.Array(OgcLinkSchema),
});

export const OgcConformanceSchema = Type.Object({ conformsTo: Type.Array(Type.String()) });

export const OgcCollectionSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  itemType: Type.String(),
  crs: Type.Array(Type.String()),
  extent: Type.Optional(Type.Object({ spatial: Type.Object({ bbox: Type.Array(Type.Array(Type.Number())), crs: Type.String() }) })),
  numberOfFeatures: Type.Number(),
  links: Type.Array(OgcLinkSchema),
});
export type OgcCollection = Static<typeof OgcCollectionSchema>;

export const OgcCollectionsSchema = Type.Object({
  links: Type.Array(OgcLinkSchema),
  collections: Type.Array(OgcCollectionSchema),
});

const featureProperties = {
  type: Type.Literal('Feature'),
  id: Type.Number(),
  geometry: Nullable(GeometrySchema),
  properties: Type.Record(Type.String(), Type.Unknown(), { description: 'the fields of the record (personal fields masked or left out) or of the area' }),
};
export const OgcFeatureSchema = Type.Object(featureProperties);
export type OgcFeature = Static<typeof OgcFeatureSchema>;

/** One feature with its links (GET /ogc/collections/{id}/items/{featureId}). */
export const OgcFeatureWithLinksSchema = Type.Object({ ...featureProperties, links: Type.Array(OgcLinkSchema) });

/** A page of features (GET /ogc/collections/{id}/items). */
export const OgcFeatureCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  timeStamp: Type.String({ format: 'date-time' }),
  numberMatched: Type.Number(),
  numberReturned: Type.Number(),
  features: Type.Array(OgcFeatureSchema),
  links: Type.Array(OgcLinkSchema),
});
