import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { access, registerAccessControl } from './access.ts';

describe('registerAccessControl', () => {
  it('refuses to register a route that does not say who may call it', async () => {
    const app = Fastify();
    registerAccessControl(app, async () => ({ kind: 'anonymous' }));
    expect(() => app.get('/api/forgot', async () => 'open')).toThrow(/does not declare who may call it/);
    app.get('/api/declared', { config: { access: access.public } }, async () => 'ok');
    await app.ready();
    expect((await app.inject('/api/declared')).statusCode).toBe(200);
    await app.close();
  });
});
