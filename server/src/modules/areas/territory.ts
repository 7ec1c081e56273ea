// The installation's territory and the ward a row names (issue 15). The territory is the union
// of the top-level loaded areas, buffered by a margin (TERRITORY_MARGIN_M, default 1000 m),
// computed once per set of areas and kept in area_territory. A claimed ward is resolved from
// free text: a name with or without "Phường"/"P."/"Xã", with or without diacritics, a code, or
// an address ending in "…, phường X"; a former ward also stands for its successors (lineage).
// One SQL statement checks a whole batch of positions.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { foldWords } from '../../../../shared/text/vietnamese.ts';
import { territoryRepository, type LocationFacts } from './areas.repository.ts';

export const DEFAULT_TERRITORY_MARGIN_M = 1000;

/** What a position is, relative to the territory and to the ward its row names. */
export interface LocationVerdict extends LocationFacts {
  /** The claim as written, when the row names a ward. */
  claim: string | null;
  /** Whether the claim named a known ward (by name, code or a former ward's name). */
  claimResolved: boolean;
  /** The claimed ward's name as the areas know it (first match). */
  claimName: string | null;
}

export interface LocationInput {
  geometry: GeoJSON.Geometry | null;
  claim?: string | null | undefined;
}

const PREFIX = /^(phuong|p|xa|thi tran|tt|ward)\s+/;

/** The key a ward is known by: folded, without its "phường"/"P."/"xã" prefix, numbers without leading zeros. */
export function wardKey(text: string): string {
  return foldWords(text)
    .replace(PREFIX, '')
    .replace(/\b0+(\d)/g, '$1')
    .trim();
}

/**
 * The part of a claim that names the ward: the last "…, phường X" segment of an address, else
 * the whole text when it is a single name or code; null for an address that names no ward
 * ("12 Nguyễn Thị Thập" claims nothing).
 */
export function claimedWardText(raw: string): string | null {
  const parts = raw.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const f = foldWords(parts[i]!);
    if (PREFIX.test(f) || /^p\s?\d/.test(f)) return parts[i]!;
  }
  if (parts.length !== 1) return null;
  const only = parts[0]!;
  // A house number then words: an address without its ward.
  return /^\d+[\w/-]*\s+\D/u.test(only) ? null : only;
}

/** First position of a geometry (a point's own position; the first vertex of a line or polygon). */
export function representativePosition(g: GeoJSON.Geometry | null): [number, number] | null {
  if (!g || g.type === 'GeometryCollection') return null;
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : null;
}

interface ClaimIndex {
  byKey: Map<string, { ids: number[]; name: string }>;
}

export function territoryChecker(db: Kysely<DB>, marginM: number = DEFAULT_TERRITORY_MARGIN_M) {
  let cached: { signature: string; index: ClaimIndex; checkedAt: number } | null = null;

  async function prepare(via: Kysely<DB> | Transaction<DB>): Promise<{ signature: string; index: ClaimIndex }> {
    // The signature is one cheap aggregate; re-read at most every 10 s (areas change rarely).
    if (cached && performance.now() - cached.checkedAt < 10_000) return cached;
    const repo = territoryRepository(via);
    const signature = await repo.signature();
    if (cached && cached.signature === signature) {
      cached.checkedAt = performance.now();
      return cached;
    }
    const [areas, lineage] = await Promise.all([repo.claimables(), repo.successors()]);
    const next = new Map<number, number[]>();
    for (const l of lineage) next.set(l.predecessor_id, [...(next.get(l.predecessor_id) ?? []), l.successor_id]);
    const closure = (id: number): number[] => {
      const out = new Set<number>([id]);
      const todo = [id];
      while (todo.length) for (const s of next.get(todo.pop()!) ?? []) if (!out.has(s)) { out.add(s); todo.push(s); }
      return [...out];
    };
    const byKey = new Map<string, { ids: number[]; name: string }>();
    const add = (key: string, ids: number[], name: string) => {
      if (!key) return;
      const e = byKey.get(key);
      if (e) e.ids = [...new Set([...e.ids, ...ids])];
      else byKey.set(key, { ids, name });
    };
    // Current areas first, so a name's label is the one in force.
    for (const a of [...areas].sort((x, y) => Number(x.valid_to !== null) - Number(y.valid_to !== null))) {
      const ids = closure(a.id);
      add(wardKey(a.name_vi), ids, a.name_vi);
      add(wardKey(a.name_en), ids, a.name_vi);
      add(a.code.toLowerCase(), ids, a.name_vi);
    }
    cached = { signature, index: { byKey }, checkedAt: performance.now() };
    return cached;
  }

  function resolve(index: ClaimIndex, text: string): { ids: number[]; name: string } | null {
    return index.byKey.get(wardKey(text)) ?? index.byKey.get(text.trim().toLowerCase()) ?? null;
  }

  return {
    /** Resolves a claimed ward (tests, pages). */
    async resolveClaim(claim: string): Promise<{ ids: number[]; name: string } | null> {
      const text = claimedWardText(claim);
      return text ? resolve((await prepare(db)).index, text) : null;
    },

    /**
     * One verdict per input with a position (null for inputs without geometry). `via`: the
     * transaction to run in (the embedded engine has one session: a write must not wait on itself).
     */
    async check(inputs: LocationInput[], via: Kysely<DB> | Transaction<DB> = db): Promise<(LocationVerdict | null)[]> {
      if (!inputs.some((x) => x.geometry)) return inputs.map(() => null);
      const { signature, index } = await prepare(via);
      const probes: { at: number; lon: number; lat: number; claimIds: number[]; claim: string | null; name: string | null; resolved: boolean }[] = [];
      inputs.forEach((x, at) => {
        const pos = representativePosition(x.geometry);
        if (!pos) return;
        const claim = typeof x.claim === 'string' && x.claim.trim() ? claimedWardText(x.claim.trim()) : null;
        const r = claim ? resolve(index, claim) : null;
        probes.push({ at, lon: pos[0], lat: pos[1], claimIds: r?.ids ?? [], claim, name: r?.name ?? null, resolved: r !== null });
      });
      // Ensured on every check (a primary-key read when present): a territory computed inside a
      // write that rolled back is gone, and is then computed again.
      const repo = territoryRepository(via);
      await repo.ensure(signature, marginM);
      const facts = await repo.check(signature, marginM, probes);
      const out: (LocationVerdict | null)[] = inputs.map(() => null);
      probes.forEach((p, i) => {
        out[p.at] = { ...facts[i]!, claim: p.claim, claimResolved: p.resolved, claimName: p.name };
      });
      return out;
    },
  };
}

export type TerritoryChecker = ReturnType<typeof territoryChecker>;
