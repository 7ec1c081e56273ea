// The origin of the links the server writes into documents others keep (Atom and CAP feeds,
// OGC API links, Open311 media URLs, TileJSON): PUBLIC_URL when configured, so no request
// header can rewrite them; otherwise the request's own scheme and Host (a trusted proxy's
// X-Forwarded-Proto/-Host only when TRUST_PROXY names it).
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

export function publicOrigin(req: FastifyRequest, config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl ?? `${req.protocol}://${req.host}`;
}
