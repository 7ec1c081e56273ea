/**
 * Import parsing: reading uploaded files into rows, suggesting a column mapping, and
 * building WGS 84 geometries from coordinates, WKT or the file's own geometry.
 * Pure library code: no database, no HTTP.
 */
export { ImportFileError, type ImportFileErrorCode } from './errors.ts';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  type ImportFormat,
  type ParsedFile,
  type ParsedRow,
  type ReadOptions,
  type TextEncodingName,
} from './types.ts';
export { readImportFile, detectFormat } from './read.ts';
export { readCsv, detectDelimiter } from './csv.ts';
export { readXlsx, listSheets } from './xlsx.ts';
export { readGeoJson } from './geojson.ts';
export { readShapefileZip } from './shapefile.ts';
export { decodeText, type DecodedText } from './encoding.ts';
export { detectHeaderRow } from './table.ts';
export {
  suggestMapping,
  suggestGeometry,
  scoreMatch,
  type FieldDeclaration,
  type ColumnSuggestion,
  type GeometrySuggestion,
  type MappingSuggestion,
  type MatchKind,
  type SuggestOptions,
} from './mapping.ts';
export { geometryFromRow, geometriesFromFile, type GeometrySource, type GeometryOptions, type RowGeometry } from './geometry.ts';
export {
  toWgs84,
  fromWgs84,
  transformGeometry,
  normaliseCrs,
  crsInfo,
  crsFromPrj,
  supportedCrs,
  WGS84,
  VN2000_HCMC,
  type CrsInfo,
} from './crs.ts';
export { parseWkt, type ParsedWkt } from './wkt.ts';
export { parseNumber } from './numbers.ts';
export { foldText } from './text.ts';
export { toWkt } from './wkt-write.ts';
