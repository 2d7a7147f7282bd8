// The one HTTP client of the dashboard: JSON over /api/v1 with the session's bearer token.
// Every non-2xx answer becomes an ApiError carrying the server's public error code
// (docs/api.md, "Errors"), so views can show 403 `forbidden` and 501 `not_implemented`
// as their own messages.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type UnauthorizedHandler = (error: ApiError) => void;

let token = '';
let onUnauthorized: UnauthorizedHandler = () => {};

export function setToken(value: string): void {
  token = value;
}

export function getToken(): string {
  return token;
}

/** Called when a request answers 401 (the session ended): the app returns to sign-in. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function toError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(response.status, body.error?.code ?? 'unknown', body.error?.message ?? '');
  } catch {
    return new ApiError(response.status, 'unknown', response.statusText);
  }
}

/** Sends one request to `/api/v1${path}` and parses the JSON answer. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401 && path !== '/auth/sign-in') onUnauthorized(error);
    throw error;
  }
  return (await response.json()) as T;
}

export const get = <T>(path: string, query?: Query): Promise<T> => api<T>('GET', withQuery(path, query));
