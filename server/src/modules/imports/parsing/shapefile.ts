import shp from 'shpjs';
import type { Feature, Geometry } from 'geojson';
import { crsFromPrj } from './crs.ts';
import { ImportFileError } from './errors.ts';
import { featuresToFile } from './geojson.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, type ParsedFile, type ReadOptions } from './types.ts';
import { isZip, listZip } from './zip.ts';

/**
 * Zipped Shapefile → rows + geometries, **in the file's own CRS** (fileCrs says which).
 *
 * shpjs reprojects to WGS 84 itself when it is given the .prj, but it builds the proj4
 * definition from the .prj WKT, and .prj files written by GDAL/ArcGIS for VN-2000 carry no
 * TOWGS84: the datum shift (~225 m in Ho Chi Minh City) would be silently lost. So the
 * .prj is not handed to shpjs; it is recognised here (crsFromPrj) and the geometries are
 * transformed later with the EPSG:6960 parameters (crs.ts). Attribute text is decoded
 * with the .cpg code page when present (GDAL writes "UTF-8"), else UTF-8.
 */
export async function readShapefileZip(bytes: Uint8Array, options: ReadOptions = {}): Promise<ParsedFile> {
  if (!isZip(bytes)) throw new ImportFileError('unsupported_format', 'a Shapefile must be uploaded as a .zip with .shp, .shx, .dbf (and .prj)');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const entries = listZip(bytes, maxBytes).filter((e) => !e.name.includes('__MACOSX') && !e.name.endsWith('/'));
  const shps = entries.filter((e) => /\.shp$/i.test(e.name));
  if (shps.length === 0) throw new ImportFileError('malformed', 'the ZIP holds no .shp file');
  if (shps.length > 1) {
    throw new ImportFileError('malformed', `the ZIP holds ${shps.length} layers (${shps.map((e) => e.name).join(', ')}); upload one layer per file`);
  }
  const shpEntry = shps[0]!;
  const base = shpEntry.name.slice(0, -4);
  const sibling = (ext: string) => entries.find((e) => e.name.slice(0, -4) === base && e.name.slice(-4).toLowerCase() === ext);
  const dbf = sibling('.dbf');
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  if (!dbf) throw new ImportFileError('malformed', `the ZIP has '${shpEntry.name}' but no matching .dbf with the attributes`);

  let collection;
  try {
    collection = await shp({
      shp: shpEntry.read(),
      dbf: dbf.read(),
      cpg: cpg ? cpg.read().toString('latin1').trim() : 'UTF-8',
    });
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('malformed', `the Shapefile cannot be read (${(error as Error).message})`);
  }
  const prjText = prj ? prj.read().toString('utf8') : undefined;
  const features: Feature<Geometry | null>[] = collection.features;
  const parsed = featuresToFile(features, 'shapefile', options.maxRows ?? DEFAULT_MAX_ROWS);
  if (prjText) parsed.fileCrs = crsFromPrj(prjText) ?? prjText.trim();
  return parsed;
}
