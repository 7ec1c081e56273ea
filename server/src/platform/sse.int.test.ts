// Server-sent event streams must never keep the app from closing: a stream open while
// app.close() runs is ended, on a bare app and on the real one (live, notifications, KPIs).
import { afterAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { sseHub } from './sse.ts';
import { startTestServer, type TestServer } from '../../test/test-server.ts';
import { testDbKind } from '../../test/test-database.ts';

/** Reads a stream until it ends; resolves with everything it carried. */
async function readToEnd(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += dec.decode(value, { stream: true });
  }
}

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string): Promise<string> {
  const dec = new TextDecoder();
  let text = '';
  while (!text.includes(needle)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${needle}: ${text}`);
    text += dec.decode(value, { stream: true });
  }
  return text;
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))]);

// Engine-independent (streams end when the app closes, whatever the database): run on the embedded engine only, to keep the PostgreSQL phase
// within the CI budget; the same code paths run there through the other files.
describe.skipIf(testDbKind() === 'postgres')('SSE hub', () => {
  it('writes headers, retry, events and heartbeats, and ends open streams when the app closes', async () => {
    const app = Fastify({ logger: false });
    const hub = sseHub(app, { heartbeatMs: 50, now: () => new Date('2026-01-02T03:04:05Z') });
    let closedSeen = 0;
    app.get('/stream', async (_req, reply) => {
      reply.hijack();
      const stream = hub.open(reply.raw, { retryMs: 1000 });
      stream.onClose(() => closedSeen++);
      stream.send({ id: 1, event: 'hello', data: { ok: true } });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const res = await fetch(`http://127.0.0.1:${address.port}/stream`);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    const reader = res.body!.getReader();
    const first = await readUntil(reader, ': alive 2026-01-02T03:04:05.000Z\n\n');
    expect(first.startsWith('retry: 1000\n\nid: 1\nevent: hello\ndata: {"ok":true}\n\n')).toBe(true);
    expect(hub.size).toBe(1);

    await within(app.close(), 5_000, 'app.close()');
    // The stream ended: the reader reaches its end.
    await within((async () => { while (!(await reader.read()).done); })(), 5_000, 'the end of the stream');
    expect(hub.size).toBe(0);
    expect(closedSeen).toBe(1);
  });
});

describe.skipIf(testDbKind() === 'postgres')('the app\'s streams', () => {
  let s: TestServer | null = null;
  afterAll(async () => {
    await s?.close().catch(() => undefined);
  });

  it('HEAD on a stream answers its headers and ends (it used to hang until the client gave up)', async () => {
    s = await startTestServer();
    const token = await s.login('admin');
    // The KPI stream computes the values before it starts: computed once here, outside the limit.
    expect((await s.api('/api/kpis', { token })).status).toBe(200);
    for (const path of ['/api/live/stream', '/api/notifications/stream', '/api/kpis/stream?interval=300']) {
      // Without the fix the answer never comes: any generous limit tells the two apart.
      const res = await within(s.api(path, { method: 'HEAD', token }), 30_000, `HEAD ${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/event-stream/);
    }
  });

  it('live, notifications and KPI streams open during app.close() end, and close does not hang', async () => {
    s ??= await startTestServer();
    const token = await s.login('admin');
    const opened = await Promise.all(['/api/live/stream', '/api/notifications/stream', '/api/kpis/stream?interval=300'].map(async (path) => {
      const res = await s!.api(path, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      return { path, done: readToEnd(res) };
    }));
    const server = s;
    s = null;
    await within(server.close(), 20_000, 'closing the app with open streams');
    for (const o of opened) {
      const text = await within(o.done, 5_000, `the end of ${o.path}`);
      expect(text).toMatch(/event: (hello|kpis)\n/);
    }
  });
});
