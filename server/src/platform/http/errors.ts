// One error shape for every API response: { error: code, message, details? }.
import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { isConnectionError } from '../db/connection-errors.ts';
import { isDataException } from '../db/data-errors.ts';

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const ErrorBody = Type.Object(
  { error: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }
);

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad_request', message, details);

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) {
      // A 503/429 that says when to retry gets the standard header too, whichever route threw it.
      const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if ((err.statusCode === 503 || err.statusCode === 429) && typeof retry === 'number' && !reply.hasHeader('retry-after')) {
        void reply.header('retry-after', String(Math.ceil(retry)));
      }
      return reply.status(err.statusCode).send({ error: err.code, message: err.message, details: err.details });
    }
    if ((err as FastifyError).validation) {
      return reply.status(400).send({
        error: 'bad_request',
        message: err.message,
        details: (err as FastifyError).validation,
      });
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 500 && isConnectionError(err)) {
      // PostgreSQL restarting or unreachable: a temporary condition, not a server bug.
      req.log.warn({ code: (err as { code?: unknown }).code, message: err.message }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
        .send({ error: 'database_unavailable', message: `the database cannot be reached right now; retry in ${DATABASE_RETRY_AFTER_SECONDS} s` });
    }
    if (status >= 500 && isDataException(err)) {
      // A value the database cannot take (2025-02-30, 1e30 for an integer, a NUL byte): the
      // request is wrong, not the server. The database's own wording names the value.
      req.log.info({ code: (err as { code?: unknown }).code, message: err.message }, 'request refused by the database as invalid data');
      return reply.status(400).send({ error: 'invalid_value', message: `invalid value: ${err.message}` });
    }
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.status(status).send({ error: 'internal_error', message: 'the server could not complete the request' });
    }
    return reply.status(status).send({ error: (err as FastifyError).code ?? 'error', message: err.message });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` });
  });
}
