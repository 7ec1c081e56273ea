// Who may read a dataset on the map: the same rule as the datasets API and OGC — public
// datasets for anyone, the others for staff accounts.
import { HttpError } from '../../platform/http/errors.ts';
import type { Actor } from '../../platform/actor.ts';

const STAFF = ['admin', 'leader', 'operator', 'officer'];

export function canReadPrivate(actor: Actor): boolean {
  return actor.user !== null && STAFF.includes(actor.user.role);
}

export function canReadDataset(actor: Actor, publicRead: boolean): boolean {
  return publicRead || canReadPrivate(actor);
}

/** Throws 401 for an anonymous caller and 404 (no hint that it exists) for anyone else. */
export function assertCanRead(actor: Actor, datasetId: string, publicRead: boolean): void {
  if (canReadDataset(actor, publicRead)) return;
  if (!actor.user) throw new HttpError(401, 'unauthorized', `dataset "${datasetId}" needs a session or a Bearer token`);
  throw new HttpError(404, 'not_found', `no dataset "${datasetId}"`);
}
