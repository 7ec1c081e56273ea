import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

describe('service basics', () => {
  it('GET /api/health names the database engine', async () => {
    const res = await s.api('/api/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; db: string; version: string };
    expect(body).toMatchObject({ status: 'ok', db: s.kind, version: '0.1.0' });
  });

  it('answers 503 with the stage while starting, and other API calls wait for it', async () => {
    s.ctx.lifecycle.set('migrating');
    try {
      const health = await s.api('/api/health');
      expect(health.status).toBe(503);
      expect(((await health.json()) as { stage: string }).stage).toBe('migrating');
      expect((await s.api('/api/areas')).status).toBe(503);
    } finally {
      s.ctx.lifecycle.set('ready');
    }
  });

  it('publishes an OpenAPI document generated from the route schemas, and docs', async () => {
    const doc = (await (await s.api('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string }[] }>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/areas', '/api/auth/login', '/api/health', '/api/areas/locate']));
    expect(doc.paths['/api/areas']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['level', 'parent', 'date', 'format']));
    const docs = await s.api('/api/docs/');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('GET /api/client-config names the wards the centre serves (demo: the demo wards; CITYOPS_WARDS otherwise)', async () => {
    const body = (await (await s.api('/api/client-config')).json()) as { demo: boolean; wards: string[] };
    expect(body.demo).toBe(true);
    expect(body.wards).toEqual(['27475', '27478', '27484', '27487']);
    const saved = s.ctx.config.wards;
    s.ctx.config.wards = ['26734'];
    try {
      expect(((await (await s.api('/api/client-config')).json()) as { wards: string[] }).wards).toEqual(['26734']);
    } finally {
      s.ctx.config.wards = saved;
    }
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await s.api('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('not_found');
  });
});
