// Areas module: administrative units as data (code + validity), hierarchy, lineage, point lookup.
import type { ServerModule } from '../../platform/context.ts';
import { areasRoutes } from './areas.routes.ts';
import type { AreasService } from './areas.service.ts';
import { areasRepository } from './areas.repository.ts';

export { createAreasService, localToday, type AreasService } from './areas.service.ts';
export { loadBuiltInBoundaries, loadBoundaryFeatures, readGeoJson, REFORM_2025 } from './boundaries.ts';
export { areasRepository, validOn } from './areas.repository.ts';

/** The version of an area (by code) valid on a day, or undefined: the ward lookup other modules use. */
export const areaVersionOn = (db: Parameters<typeof areasRepository>[0], code: string, date: string): Promise<{ id: number } | undefined> =>
  areasRepository(db).findVersion(code, date);

export const areasModule: ServerModule<{ areas: AreasService }> = {
  name: 'areas',
  routes: (app, _ctx, { areas }) => areasRoutes(app, areas),
};

/**
 * The territory and claimed-ward check other modules call (imports, datasets API and bulk,
 * sensors): `territoryChecker(db, marginM).check([{ geometry, claim }])`.
 */
export { territoryChecker, wardKey, claimedWardText, DEFAULT_TERRITORY_MARGIN_M, type TerritoryChecker, type LocationVerdict, type LocationInput } from './territory.ts';
