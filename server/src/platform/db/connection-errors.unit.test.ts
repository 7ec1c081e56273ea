import { describe, expect, it } from 'vitest';
import { isConnectionError } from './connection-errors.ts';

// Shapes as node-postgres / Node / PGlite produce them (a DatabaseError carries the SQLSTATE in `code`).
const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionError', () => {
  it('recognises connection SQLSTATEs: class 08, 53 and 57P01–57P03', () => {
    for (const code of ['08000', '08003', '08006', '08001', '08P01', '53300', '53000', '57P01', '57P02', '57P03']) {
      expect(isConnectionError(withCode(code)), code).toBe(true);
    }
  });

  it('recognises socket errors and the node-postgres messages that carry no code', () => {
    expect(isConnectionError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5999'))).toBe(true);
    expect(isConnectionError(withCode('ECONNRESET'))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    // Node's happy-eyeballs connect: an AggregateError of per-address failures.
    expect(isConnectionError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''))).toBe(true);
  });

  it('does not take query errors, other failures or a remote web service for a lost database', () => {
    for (const code of ['23505', '23503', '42P01', '22P02', '40001', '57014']) expect(isConnectionError(withCode(code)), code).toBe(false);
    expect(isConnectionError(new Error('boom'))).toBe(false);
    // fetch() to a down web service: the socket code sits in `cause`.
    expect(isConnectionError(Object.assign(new TypeError('fetch failed'), { cause: withCode('ECONNREFUSED') }))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});
