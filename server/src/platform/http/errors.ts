// One error shape for every API response: { error: code, message, details? }.
import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';

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
