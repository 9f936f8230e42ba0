import type { ErrorBody, ErrorCode, FieldError } from '@tuoke/shared';

export const API_BASE = '/api/v1';

/** An API failure, carrying the server's error envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly fields: FieldError[];

  constructor(status: number, code: ErrorCode | 'network', message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Drops empty values so a cleared filter leaves the URL. */
export function toQueryString(params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A field path from the server (`name`, `/name`, `/items/0/quantity`) as an antd form name path. */
export function toNamePath(path: string): (string | number)[] {
  return path
    .replace(/^\//, '')
    .split(/[/.]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on any 401, so the app can forget the session and show the login page. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

async function parseError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const envelope = body?.error;
  if (envelope && typeof envelope.message === 'string') {
    return new ApiError(res.status, envelope.code ?? 'internal', envelope.message, envelope.fields ?? []);
  }
  return new ApiError(
    res.status,
    res.status === 401 ? 'unauthorized' : 'internal',
    res.statusText || 'Error',
  );
}

export async function request<T>(
  method: string,
  path: string,
  options: { query?: QueryParams; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}${toQueryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', (err as Error).message || 'Network error');
  }

  if (!res.ok) {
    const error = await parseError(res);
    if (res.status === 401 && !path.startsWith('/auth/login')) unauthorizedHandler?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: (path: string) => request<void>('DELETE', path),
};

/** Sends a file as multipart/form-data (field "file"), with the session's CSRF token. */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const body = new FormData();
  body.append('file', file);
  const res = await fetch(`${API_BASE}${path}`, {
    method: 'POST',
    headers: { Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
    credentials: 'same-origin',
    body,
  });
  if (!res.ok) throw await parseError(res);
  return (await res.json()) as T;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
