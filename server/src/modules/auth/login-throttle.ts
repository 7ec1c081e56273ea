// Throttling of failed sign-ins (OWASP ASVS 2.2.1): failures are counted per account and per
// address in a sliding window; past the limit the next attempts answer 429 until the window
// has moved on, whether the password is right or not (a guesser learns nothing). A successful
// sign-in clears its account's count. Counts live in memory: one instance per database
// (docs/architecture.md), and a restart forgets them, which only ever helps a real user.
export interface LoginThrottleSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
}

/** Entries kept before expired ones are swept. */
export const SWEEP_AT = 10_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly settings: LoginThrottleSettings) {}

  /** Accounts and addresses with failures still counted (for tests and monitoring). */
  get size(): number {
    return this.failures.size;
  }

  /** Seconds to wait before this account or address may try again, or 0. */
  retryAfterSeconds(username: string, address: string | null, now: number): number {
    const waits = [this.wait(`u:${username.toLowerCase()}`, this.settings.maxFailuresPerAccount, now)];
    if (address) waits.push(this.wait(`a:${address}`, this.settings.maxFailuresPerAddress, now));
    return Math.ceil(Math.max(...waits) / 1000);
  }

  recordFailure(username: string, address: string | null, now: number): void {
    // Guessed usernames are unbounded: past a size, expired entries are swept so the map cannot grow without end.
    if (this.failures.size >= SWEEP_AT) for (const key of [...this.failures.keys()]) this.recent(key, now);
    this.push(`u:${username.toLowerCase()}`, now);
    if (address) this.push(`a:${address}`, now);
  }

  recordSuccess(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.settings.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private wait(key: string, max: number, now: number): number {
    const list = this.recent(key, now);
    if (list.length < max) return 0;
    // Allowed again when the oldest failure that keeps the count at the limit leaves the window.
    return list[list.length - max]! + this.settings.windowMs - now;
  }

  private push(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    // Never more than the largest limit is needed to decide.
    if (list.length > Math.max(this.settings.maxFailuresPerAccount, this.settings.maxFailuresPerAddress)) list.shift();
    this.failures.set(key, list);
  }
}
