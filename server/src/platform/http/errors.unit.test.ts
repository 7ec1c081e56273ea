import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, registerErrorHandling } from './errors.ts';

const withCode = (code: string, message: string) => Object.assign(new Error(message), { code });
const app = Fastify();
registerErrorHandling(app);
// Errors shaped as node-postgres raises them (the real ones are exercised in auth-db-outage.int.test.ts).
app.get('/refused', async () => Promise.reject(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')));
app.get('/shutdown', async () => Promise.reject(withCode('57P01', 'terminating connection due to administrator command')));
app.get('/terminated', async () => Promise.reject(new Error('Connection terminated unexpectedly')));
app.get('/unique', async () => Promise.reject(withCode('23505', 'duplicate key value violates unique constraint')));
app.get('/bug', async () => Promise.reject(new Error('undefined is not a function')));
app.get('/webhook-down', async () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: withCode('ECONNREFUSED', 'x') })));
app.get('/busy', async () => Promise.reject(new HttpError(503, 'ingest_busy', 'buffer full', { retryAfterSeconds: 1 })));
app.get('/client-error', async () => Promise.reject(Object.assign(withCode('FST_ERR_CTP_BODY_TOO_LARGE', 'connection error while reading the body'), { statusCode: 413 })));
beforeAll(() => app.ready());
afterAll(() => app.close());

describe('error handler', () => {
  it('answers 503 database_unavailable with Retry-After: 5 when the database cannot be reached', async () => {
    for (const url of ['/refused', '/shutdown', '/terminated']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['retry-after'], url).toBe('5');
      expect(res.json(), url).toEqual({ error: 'database_unavailable', message: 'the database cannot be reached right now; retry in 5 s' });
    }
  });

  it('keeps 500 for query errors, bugs and other services being down', async () => {
    for (const url of ['/unique', '/bug', '/webhook-down']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(500);
      expect(res.headers['retry-after'], url).toBeUndefined();
      expect(res.json().error, url).toBe('internal_error');
    }
  });

  it('leaves client errors alone, and gives a 503 HttpError that says when to retry its Retry-After', async () => {
    expect((await app.inject('/client-error')).statusCode).toBe(413);
    const busy = await app.inject('/busy');
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json().error).toBe('ingest_busy');
  });
});
