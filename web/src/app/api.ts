// Small JSON client for the cityops API. The session lives in an HTTP-only cookie set by
// POST /api/auth/login, so requests only need same-origin credentials.

/** Error raised for any non-2xx answer (status 0: the server could not be reached). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** Machine-readable error from the body's `error` field, or 'network' / 'http'. */
    readonly code: string,
    message: string,
    /** The body's `details` (e.g. the schema validator's problems by field), when there are any. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Do not notify the unauthorized handler on 401 (login and session probes). */
  allowUnauthorized?: boolean;
}

type UnauthorizedHandler = () => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;

/** Registers the callback run when an authenticated request answers 401 (session expired). */
export function onUnauthorized(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler;
}

export function apiUrl(path: string, query?: ApiRequest['query']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) search.set(key, String(value));
  }
  const qs = search.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (request.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.body);
  }

  let response: Response;
  try {
    response = await fetch(apiUrl(path, request.query), {
      method: request.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: request.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }

  if (!response.ok) {
    const { code, message, details } = await readError(response);
    if (response.status === 401 && !request.allowUnauthorized) unauthorizedHandler?.();
    throw new ApiError(response.status, code, message, details);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function readError(response: Response): Promise<{ code: string; message: string; details?: unknown }> {
  const fallback = { code: 'http', message: `${response.status} ${response.statusText}`.trim() };
  try {
    const data: unknown = await response.json();
    if (data && typeof data === 'object') {
      const { error, message, details } = data as { error?: unknown; message?: unknown; details?: unknown };
      return {
        code: typeof error === 'string' ? error : fallback.code,
        message: typeof message === 'string' ? message : fallback.message,
        details,
      };
    }
  } catch {
    // Not JSON.
  }
  return fallback;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
