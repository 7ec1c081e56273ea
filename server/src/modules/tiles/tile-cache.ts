// A bounded in-memory LRU of encoded tiles. Entries carry the dataset's change stamp and
// declaration version; a lookup with other values is a miss, so no explicit purge is needed.
export interface CachedTile {
  key: string;
  /** `${version}:${stamp}` of the dataset when the tile was made. */
  state: string;
  body: Buffer;
  features: number;
}

export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, state: string): CachedTile | undefined {
    const e = this.entries.get(key);
    if (!e || e.state !== state) {
      this.misses++;
      return undefined;
    }
    // Re-insert: Map order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e;
  }

  set(e: CachedTile): void {
    const size = e.body.length + 200;
    if (size > this.maxBytes) return;
    this.delete(e.key);
    this.entries.set(e.key, e);
    this.bytes += size;
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= old.body.length + 200;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
