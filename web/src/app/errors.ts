// One place turning an API failure into a message in the user's language: the server's error
// code (body `error`, see server/src/platform/http/errors.ts) picks the text, then the HTTP
// status, then a generic one. The server's English `message` is never shown.
import type { TFunction } from 'i18next';
import { ApiError } from './api.ts';

/** Codes the server sends in `error` that have their own text (errors.code.<code>). */
const KNOWN_CODES = new Set([
  'network',
  'unauthorized',
  'invalid_token',
  'invalid_credentials',
  'weak_password',
  'wrong_password',
  'invalid_totp',
  'totp_already_enabled',
  'totp_not_enabled',
  'totp_not_started',
  'data_keys_missing',
  'second_factor_required',
  'too_many_attempts',
  'phone_check_failed',
  'forbidden',
  'area_outside_scope',
  'not_found',
  'unknown_sensor',
  'conflict',
  'merged',
  'bad_transition',
  'not_resolved',
  'already_rated',
  'reopen_limit',
  'reopen_window_passed',
  'source_unavailable',
  'bad_request',
  'invalid_value',
  'invalid_record',
  'bulk_rejected',
  'rejected_readings',
  'bad_photo',
  'malformed',
  'encoding',
  'too_large',
  'photo_too_large',
  'file_too_large',
  'too_many_files',
  'unsupported_file_type',
  'too_many_photos',
  'too_many_readings',
  'rate_limited',
  'database_unavailable',
  'storage_unavailable',
  'ingest_busy',
  'starting',
  'stopping',
  'internal_error',
]);

/** Statuses with their own text (errors.status.<status>) when the code has none. */
const KNOWN_STATUSES = new Set([400, 401, 403, 404, 409, 413, 429, 500, 502, 503, 504]);

/** The i18n key for an error (exported for tests). */
export function errorKey(error: unknown): string {
  if (error instanceof ApiError) {
    if (KNOWN_CODES.has(error.code)) return `errors.code.${error.code}`;
    if (KNOWN_STATUSES.has(error.status)) return `errors.status.${error.status}`;
    if (error.status >= 500) return 'errors.status.500';
  }
  return 'errors.generic';
}

/** The message to show the user for `error`, in the current language. */
export function errorMessage(t: TFunction, error: unknown): string {
  return t(errorKey(error));
}
