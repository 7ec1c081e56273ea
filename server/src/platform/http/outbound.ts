// The one guard for requests the server makes to URLs that users or admins typed (personal and
// admin webhooks today; feeds and camera probes to come). Without it, anyone allowed to save a
// URL could make the server reach its own network and read the outcome (issue 14 #3).
//
// - https only, unless OUTBOUND_ALLOW_HTTP=true;
// - no loopback, private, link-local, carrier-grade NAT, multicast or unspecified addresses,
//   checked on the address actually connected to (the DNS answer, so a name that resolves to
//   an internal address is refused, and a second lookup cannot swap it), unless the host or
//   its range is in OUTBOUND_ALLOW (hosts or CIDR ranges an admin trusts);
// - no redirects followed (a 3xx is an outcome, not a hop to an internal address);
// - a deadline for the whole exchange, and the response body is read up to a few KB and
//   dropped: callers learn the status code or a coarse reason, never the answer.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { readModuleSettings, type Config } from '../../config.ts';

export interface OutboundPolicy {
  allowHttp: boolean;
  /** Host names allowed whatever they resolve to. */
  allowHosts: ReadonlySet<string>;
  /** Address ranges allowed although internal. */
  allowRanges: BlockList;
  timeoutMs: number;
}

export type OutboundOutcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; reason: 'http_status' | 'blocked_address' | 'unreachable' | 'timeout' };

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

export function readOutboundPolicy(config: Config): OutboundPolicy {
  return readModuleSettings(config, (env) => {
    const allowHosts = new Set<string>();
    const allowRanges = new BlockList();
    for (const entry of (env.optional('OUTBOUND_ALLOW') ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean)) {
      const [addr, bits] = entry.split('/');
      const family = isIP(addr ?? '');
      if (family) {
        const max = family === 4 ? 32 : 128;
        const prefix = bits === undefined ? max : Number(bits);
        if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) env.problem(`OUTBOUND_ALLOW: "${entry}" is not an address or CIDR range`);
        else allowRanges.addSubnet(addr!, prefix, family === 4 ? 'ipv4' : 'ipv6');
      } else if (/^[a-z0-9.-]+$/.test(entry)) allowHosts.add(entry);
      else env.problem(`OUTBOUND_ALLOW: "${entry}" is not a host name, address or CIDR range`);
    }
    return {
      allowHttp: env.bool('OUTBOUND_ALLOW_HTTP', false),
      allowHosts,
      allowRanges,
      timeoutMs: env.int('OUTBOUND_TIMEOUT_MS', 10_000, 500, 120_000),
    };
  });
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** True when the server may connect to this address under the policy. */
export function addressAllowed(address: string, policy: OutboundPolicy): boolean {
  const family = familyOf(address);
  if (policy.allowRanges.check(address, family)) return true;
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address it maps.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return addressAllowed(mapped, policy);
  return !BLOCKED.check(address, family);
}

/**
 * Why a URL may not be saved as a target, or null: the checks that need no DNS (scheme, an
 * internal literal address, `localhost`). The address check is repeated at every request.
 */
export function outboundUrlProblem(raw: string, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp ? 'must be an http(s) URL' : 'must be an https URL';
  }
  if (url.username || url.password) return 'may not carry a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (policy.allowHosts.has(host)) return null;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'may not point at this server or its network';
  if (isIP(host) && !addressAllowed(host, policy)) return 'may not point at this server or its network';
  return null;
}

/** A DNS lookup that fails when any address of the name is internal (and not allowed). */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => !addressAllowed(a.address, policy));
      if (bad) return callback(Object.assign(new Error(`${hostname} resolves to an internal address`), { code: 'EBLOCKED' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** POSTs `body` to `url` under the policy; never throws. */
export function postOutbound(url: string, init: { headers: Record<string, string>; body: string | Buffer }, policy: OutboundPolicy): Promise<OutboundOutcome> {
  return new Promise((resolve) => {
    if (outboundUrlProblem(url, policy)) return resolve({ ok: false, status: null, reason: 'blocked_address' });
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const trustedHost = policy.allowHosts.has(host);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (o: OutboundOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(o);
    };
    const req = send(target, {
      method: 'POST',
      headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
      ...(trustedHost ? {} : { lookup: guardedLookup(policy) }),
    }, (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > 16_384) res.destroy();
      });
      res.on('close', () => done(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, reason: 'http_status' }));
      res.on('error', () => done(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, reason: 'http_status' }));
    });
    const deadline = setTimeout(() => {
      req.destroy();
      done({ ok: false, status: null, reason: 'timeout' });
    }, policy.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, status: null, reason: e.code === 'EBLOCKED' ? 'blocked_address' : 'unreachable' }));
    req.end(init.body);
  });
}

/** The outcome as stored and shown: the status code or a coarse reason, never the answer. */
export function outcomeText(o: OutboundOutcome): string {
  if (o.ok) return 'delivered';
  if (o.reason === 'http_status') return `failed: HTTP ${o.status}`;
  return `failed: ${o.reason.replace('_', ' ')}`;
}

/**
 * GETs `url` under the policy and reads its body up to `maxBytes` (feeds a module polls, e.g.
 * the procedures connector); never throws. Same guard as postOutbound: scheme, internal
 * addresses checked on the connected address, no redirects, one deadline.
 */
export function getOutbound(url: string, init: { headers: Record<string, string>; maxBytes: number }, policy: OutboundPolicy): Promise<OutboundOutcome | { ok: true; status: number; body: Buffer }> {
  return new Promise((resolve) => {
    if (outboundUrlProblem(url, policy)) return resolve({ ok: false, status: null, reason: 'blocked_address' });
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (o: OutboundOutcome | { ok: true; status: number; body: Buffer }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(o);
    };
    const req = send(target, { method: 'GET', headers: init.headers, ...(policy.allowHosts.has(host) ? {} : { lookup: guardedLookup(policy) }) }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let read = 0;
      let tooLarge = false;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > init.maxBytes) {
          tooLarge = true;
          res.destroy();
        } else chunks.push(chunk);
      });
      res.on('close', () => {
        if (status < 200 || status >= 300) return done({ ok: false, status, reason: 'http_status' });
        if (tooLarge) return done({ ok: false, status, reason: 'http_status' });
        done({ ok: true, status, body: Buffer.concat(chunks) });
      });
      res.on('error', () => done({ ok: false, status, reason: 'unreachable' }));
    });
    const deadline = setTimeout(() => {
      req.destroy();
      done({ ok: false, status: null, reason: 'timeout' });
    }, policy.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, status: null, reason: e.code === 'EBLOCKED' ? 'blocked_address' : 'unreachable' }));
    req.end();
  });
}
