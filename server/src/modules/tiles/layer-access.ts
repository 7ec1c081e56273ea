// Who may read a dataset on the map: the same rule as the datasets API and OGC — public
// datasets for anyone, the others for staff accounts.
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../platform/http/errors.ts';

const STAFF = ['admin', 'leader', 'operator', 'officer'];

export function canReadPrivate(req: FastifyRequest): boolean {
  return req.principal?.kind === 'user' && STAFF.includes(req.principal.user.role);
}

export function canReadDataset(req: FastifyRequest, publicRead: boolean): boolean {
  return publicRead || canReadPrivate(req);
}

/** Throws 401 for an anonymous caller and 404 (no hint that it exists) for anyone else. */
export function assertCanRead(req: FastifyRequest, datasetId: string, publicRead: boolean): void {
  if (canReadDataset(req, publicRead)) return;
  if (req.principal?.kind !== 'user') throw new HttpError(401, 'unauthorized', `dataset "${datasetId}" needs a session or a Bearer token`);
  throw new HttpError(404, 'not_found', `no dataset "${datasetId}"`);
}
