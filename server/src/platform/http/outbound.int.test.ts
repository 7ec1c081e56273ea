// The outbound guard against a real local HTTP server (issue 14 #3): internal addresses are
// refused unless allow-listed, redirects are not followed, slow targets time out, and the
// caller learns a status or a coarse reason, never the answer.
import { createServer, type Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import { BlockList } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressAllowed, outboundUrlProblem, outcomeText, postOutbound, type OutboundPolicy } from './outbound.ts';

const hostnameIsInternal = await lookup(hostname()).then((a) => /^(127\.|::1$)/.test(a.address), () => false);

let server: Server;
let port: number;
let hits = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    if (req.url === '/slow') return setTimeout(() => res.end('late'), 2_000);
    if (req.url === '/secret') return res.writeHead(500).end('internal secret body');
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const strict: OutboundPolicy = { allowHttp: false, allowHosts: new Set(), allowRanges: new BlockList(), timeoutMs: 1_000 };
const local = (): OutboundPolicy => {
  const allowRanges = new BlockList();
  allowRanges.addSubnet('127.0.0.1', 32, 'ipv4');
  return { allowHttp: true, allowHosts: new Set(), allowRanges, timeoutMs: 500 };
};
const post = (path: string, policy: OutboundPolicy, host = '127.0.0.1') => postOutbound(`http://${host}:${port}${path}`, { headers: { 'content-type': 'text/plain' }, body: 'x' }, policy);

describe('outbound guard', () => {
  it('refuses internal addresses and plain http by default, before any connection', async () => {
    for (const url of ['http://example.org/', 'https://127.0.0.1/', 'https://localhost/', 'https://10.1.2.3/', 'https://[::1]/', 'https://169.254.169.254/', 'https://[::ffff:192.168.1.1]/', 'https://user:pw@example.org/']) {
      expect(outboundUrlProblem(url, strict), url).not.toBeNull();
    }
    expect(outboundUrlProblem('https://hooks.example.org/cityops', strict)).toBeNull();
    expect(addressAllowed('8.8.8.8', strict)).toBe(true);
    expect(addressAllowed('100.64.0.1', strict)).toBe(false);
    const before = hits;
    expect(await post('/', { ...strict, allowHttp: true })).toEqual({ ok: false, status: null, reason: 'blocked_address' });
    expect(hits).toBe(before);
  });

  // The machine's own name resolves to a loopback address here (/etc/hosts), which no URL check
  // can see: only the check at connection time refuses it.
  it.skipIf(!hostnameIsInternal)('refuses a name that resolves to an internal address at connection time', async () => {
    const before = hits;
    expect(outboundUrlProblem(`http://${hostname()}:${port}/`, { ...strict, allowHttp: true })).toBeNull();
    const o = await postOutbound(`http://${hostname()}:${port}/`, { headers: {}, body: 'x' }, { ...strict, allowHttp: true });
    expect(o).toMatchObject({ ok: false, reason: 'blocked_address' });
    expect(hits).toBe(before);
  });

  it('delivers to an allow-listed address, reports a status without the body, and follows no redirect', async () => {
    expect(await post('/', local())).toEqual({ ok: true, status: 200 });
    const secret = await post('/secret', local());
    expect(secret).toEqual({ ok: false, status: 500, reason: 'http_status' });
    expect(outcomeText(secret)).toBe('failed: HTTP 500');
    expect(await post('/redirect', local())).toEqual({ ok: false, status: 302, reason: 'http_status' });
  });

  it('gives up on a slow target at the deadline', async () => {
    expect(await post('/slow', local())).toEqual({ ok: false, status: null, reason: 'timeout' });
  });
});
