import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const RESOURCES = [
  'accounts',
  'contacts',
  'leads',
  'products',
  'pipelines',
  'opportunities',
  'activities',
  'users',
  'teams',
];

describe('API description and probes', () => {
  it('serves an OpenAPI 3 document listing every resource, without signing in', async () => {
    const r = await t.anonymous.get('/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Tuoke (拓客) API', version: '1' });
    const paths = Object.keys(doc.paths);
    for (const res of RESOURCES) {
      expect(doc.paths[`/api/v1/${res}`], res).toHaveProperty('get');
      expect(doc.paths[`/api/v1/${res}`], res).toHaveProperty('post');
      expect(Object.keys(doc.paths[`/api/v1/${res}/{id}`]).sort(), res).toEqual(['delete', 'get', 'patch']);
    }
    for (const p of [
      '/api/v1/pipelines/{id}/board',
      '/api/v1/accounts/{id}/timeline',
      '/api/v1/contacts/{id}/timeline',
      '/api/v1/leads/{id}/timeline',
      '/api/v1/opportunities/{id}/timeline',
      '/api/v1/search',
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/auth/me',
      '/api/v1/auth/tokens',
      '/api/v1/auth/tokens/{id}',
      '/api/v1/jobs',
      '/api/v1/jobs/{id}/retry',
    ])
      expect(paths, p).toContain(p);
    // internal routes stay out of the document
    expect(paths).not.toContain('/api/v1/openapi.json');
    expect(paths).not.toContain('/healthz');
    // every operation documents its success answer and the error envelope
    const list = doc.paths['/api/v1/opportunities'].get;
    expect(list.responses['200'].content['application/json'].schema.properties).toHaveProperty('nextCursor');
    expect(list.responses['403'].content['application/json'].schema.properties).toHaveProperty('error');
    expect(
      doc.paths['/api/v1/opportunities'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(expect.arrayContaining(['name', 'accountId', 'expectedCloseDate']));
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
  });

  it('serves the docs page as HTML', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/docs' });
    const page =
      r.statusCode === 302 ? await t.app.inject({ method: 'GET', url: r.headers.location as string }) : r;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body.toLowerCase()).toContain('swagger');
  });

  it('answers the health and readiness probes', async () => {
    expect(await t.anonymous.get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await t.anonymous.get('/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready', database: t.db.engine },
    });
  });

  it('answers unknown API paths with the 404 envelope (401 first when not signed in)', async () => {
    const admin = await t.as('admin');
    const r = await admin.get('/api/v1/x');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'not_found', message: 'GET /api/v1/x not found' } });
    expect((await admin.post('/api/v1/accounts/extra/path', {})).status).toBe(404);
    const anon = await t.anonymous.get('/api/v1/x');
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('unauthorized');
    // outside the API, without a built web app, also the envelope
    expect((await t.anonymous.get('/some/page')).body.error.code).toBe('not_found');
  });
});
