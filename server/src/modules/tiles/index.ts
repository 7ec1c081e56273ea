// Tiles module: vector tiles (MVT) and TileJSON for every spatial dataset, on both engines,
// cached until the dataset's records change.
import type { ServerModule } from '../../platform/context.ts';
import type { TilesService } from './tiles.service.ts';
import { tilesRoutes } from './tiles.routes.ts';

export { createTilesService, type TilesService } from './tiles.service.ts';
export { canReadDataset, canReadPrivate, assertCanRead } from './layer-access.ts';
export { layerFields, type LayerFields } from './layer-fields.ts';
export { tileBounds, tileOf } from './tile-math.ts';

export const tilesModule: ServerModule<{ tiles: TilesService }> = {
  name: 'tiles',
  routes: (app, ctx, { tiles }) => tilesRoutes(app, tiles, ctx.config),
};
