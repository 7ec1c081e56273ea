import { describe, expect, test } from 'vitest';
import vi from '../i18n/vi.json' with { type: 'json' };
import en from '../i18n/en.json' with { type: 'json' };
import { ApiError } from './api.ts';
import { errorKey } from './errors.ts';

type Messages = { [key: string]: string | Messages };

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

describe('errorKey', () => {
  test('the server code picks the text, then the status, then the generic one', () => {
    expect(errorKey(new ApiError(401, 'unauthorized', 'sign in or send a Bearer token'))).toBe('errors.code.unauthorized');
    expect(errorKey(new ApiError(0, 'network', 'Failed to fetch'))).toBe('errors.code.network');
    expect(errorKey(new ApiError(404, 'http', '404 Not Found'))).toBe('errors.status.404');
    expect(errorKey(new ApiError(418, 'teapot', 'I am a teapot'))).toBe('errors.generic');
    expect(errorKey(new ApiError(507, 'whatever', 'disk full'))).toBe('errors.status.500');
    expect(errorKey(new Error('boom'))).toBe('errors.generic');
    expect(errorKey(null)).toBe('errors.generic');
  });

  test('every key it can answer exists in Vietnamese and English', () => {
    const codes = Object.keys((vi as { errors: { code: Messages } }).errors.code);
    const statuses = Object.keys((vi as { errors: { status: Messages } }).errors.status);
    for (const code of codes) expect(errorKey(new ApiError(400, code, 'x'))).toBe(`errors.code.${code}`);
    for (const status of statuses) expect(errorKey(new ApiError(Number(status), 'unknown_code', 'x'))).toBe(`errors.status.${status}`);
    const keys = [...codes.map((code) => `errors.code.${code}`), ...statuses.map((status) => `errors.status.${status}`), 'errors.generic'];
    for (const key of keys) {
      expect(lookup(vi as Messages, key), `vi ${key}`).toBeTruthy();
      expect(lookup(en as Messages, key), `en ${key}`).toBeTruthy();
      expect(lookup(vi as Messages, key)).not.toBe(lookup(en as Messages, key));
    }
  });
});
