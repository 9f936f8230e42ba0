import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onUnauthorized, setCsrfToken, toNamePath, toQueryString } from './api';

function mockFetch(status: number, body?: unknown) {
  const fn = vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  onUnauthorized(null);
});

describe('api client', () => {
  it('sends the CSRF token on writes and the session cookie on every call', async () => {
    const fetchMock = mockFetch(201, { id: 'a1' });
    setCsrfToken('tok-123');
    await api.post('/accounts', { name: '华为' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/accounts');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-123');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.body).toBe(JSON.stringify({ name: '华为' }));
  });

  it('does not send the CSRF token on reads, and drops empty query values', async () => {
    const fetchMock = mockFetch(200, { items: [], nextCursor: null });
    setCsrfToken('tok-123');
    await api.get('/accounts', { q: '', view: 'mine', cursor: undefined, active: false });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/accounts?view=mine&active=false');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
  });

  it('turns the error envelope into an ApiError with field errors', async () => {
    mockFetch(400, {
      error: {
        code: 'validation_failed',
        message: 'Invalid input',
        fields: [{ path: '/name', message: 'must not be empty' }],
      },
    });
    const err = await api.patch('/accounts/a1', { name: '', version: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiErr = err as ApiError;
    expect(apiErr.status).toBe(400);
    expect(apiErr.code).toBe('validation_failed');
    expect(apiErr.message).toBe('Invalid input');
    expect(apiErr.fields).toEqual([{ path: '/name', message: 'must not be empty' }]);
  });

  it('reports a stale write as code "stale"', async () => {
    mockFetch(409, { error: { code: 'stale', message: 'Changed by someone else' } });
    const err = (await api.patch('/accounts/a1', { version: 1 }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(409);
    expect(err.code).toBe('stale');
  });

  it('calls the unauthorized handler on 401', async () => {
    mockFetch(401, { error: { code: 'unauthorized', message: 'Not logged in' } });
    const handler = vi.fn();
    onUnauthorized(handler);
    await api.get('/accounts').catch(() => undefined);
    expect(handler).toHaveBeenCalledOnce();
  });

  it('returns undefined for 204 No Content', async () => {
    mockFetch(204);
    await expect(api.delete('/accounts/a1')).resolves.toBeUndefined();
  });
});

describe('toNamePath', () => {
  it('strips the leading slash and splits nested paths into form name paths', () => {
    expect(toNamePath('/name')).toEqual(['name']);
    expect(toNamePath('name')).toEqual(['name']);
    expect(toNamePath('/items/0/quantity')).toEqual(['items', 0, 'quantity']);
  });
});

describe('toQueryString', () => {
  it('is empty when nothing is set', () => {
    expect(toQueryString({ q: undefined, view: null })).toBe('');
  });
});
