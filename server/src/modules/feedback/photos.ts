// Photos of reports: checked by content (sharp must decode them as an image), location read
// from EXIF GPS (exifr) when present, then re-encoded as JPEG so no EXIF (GPS, camera,
// owner) is ever stored.
import sharp from 'sharp';
import exifr from 'exifr';
import { HttpError } from '../../platform/http/errors.ts';

const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'gif', 'tiff']);
const MAX_SIDE = 1600;

export interface StoredPhoto {
  data: Buffer;
  mime: string;
  width: number;
  height: number;
  gps: { lat: number; lon: number } | null;
}

export async function processPhoto(input: Buffer, name: string): Promise<StoredPhoto> {
  let format: string | undefined;
  try {
    format = (await sharp(input).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !IMAGE_FORMATS.has(format)) {
    throw new HttpError(400, 'bad_photo', `"${name}" is not an image (JPEG, PNG, WebP, HEIF): only photos are accepted`);
  }
  let gps: StoredPhoto['gps'] = null;
  try {
    const g = (await exifr.gps(input)) as { latitude?: number; longitude?: number } | undefined;
    if (g && Number.isFinite(g.latitude) && Number.isFinite(g.longitude)) gps = { lat: g.latitude!, lon: g.longitude! };
  } catch {
    gps = null; // no or unreadable EXIF
  }
  // rotate() applies the EXIF orientation before the metadata is dropped (sharp drops it unless asked to keep it).
  const out = await sharp(input).rotate().resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer({ resolveWithObject: true });
  return { data: out.data, mime: 'image/jpeg', width: out.info.width, height: out.info.height, gps };
}
