import { describe, expect, it } from 'vitest';
import { afterFailedSend, failedAttempts } from './email.ts';

describe('e-mail retries', () => {
  const settings = { retrySeconds: 60, maxAttempts: 4 };

  it('tries again after a delay that doubles, then gives up after the last attempt', () => {
    expect(afterFailedSend(0, '451 busy', settings)).toEqual({ status: 'retry 1: 451 busy', retryInSeconds: 60 });
    expect(afterFailedSend(1, '451 busy', settings)).toEqual({ status: 'retry 2: 451 busy', retryInSeconds: 120 });
    expect(afterFailedSend(2, 'timeout', settings)).toEqual({ status: 'retry 3: timeout', retryInSeconds: 240 });
    expect(afterFailedSend(3, 'timeout', settings)).toEqual({ status: 'failed after 4 attempts: timeout', retryInSeconds: null });
    expect(afterFailedSend(0, 'refused', { retrySeconds: 60, maxAttempts: 1 })).toEqual({ status: 'failed after 1 attempt: refused', retryInSeconds: null });
  });

  it('reads the number of failed sends from the stored state', () => {
    expect(failedAttempts('pending')).toBe(0);
    expect(failedAttempts(null)).toBe(0);
    expect(failedAttempts('retry 3: timeout')).toBe(3);
    expect(failedAttempts('sent')).toBe(0);
    // Round trip: the state written after a failure is read back as that many failures.
    expect(failedAttempts(afterFailedSend(2, 'x', settings).status)).toBe(3);
  });
});
