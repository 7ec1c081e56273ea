// Which database errors mean "the database cannot be reached right now" (as opposed to a bad
// query or a constraint): the caller may retry later, the HTTP answer is 503, not 500.

/** SQLSTATE classes: 08 connection exception, 53 insufficient resources (too many connections…),
 *  57P0x operator intervention (admin shutdown, crash shutdown, cannot connect now / starting up). */
const SQLSTATE = /^(08|53|57P0)/;

/** Socket-level codes from Node (node-postgres passes them through). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** Messages of node-postgres and pg-pool that carry no code. */
const MESSAGES =
  /connection terminated|terminating connection|connection timeout|timeout exceeded when trying to connect|connection error|ECONNREFUSED|ECONNRESET|not queryable/i;

/**
 * True when `err` says the database is unreachable for now: connection refused or lost, server
 * shutting down or starting, out of connections. Looks into AggregateError.errors (a host name
 * with several addresses). Not into `cause`: fetch() failures carry a socket code there, and a
 * remote web service being down must not read as "database unavailable".
 */
export function isConnectionError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (SQLSTATE.test(code) || SOCKET_CODES.has(code)) return true;
  if (MESSAGES.test(typeof e.message === 'string' ? e.message : '')) return true;
  return Array.isArray(e.errors) && e.errors.some((x) => isConnectionError(x, depth + 1));
}
