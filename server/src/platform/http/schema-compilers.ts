// Request validators and response serializers, compiled once per process and schema.
// Why: Fastify compiles every route's schemas (~230 routes, ajv + fast-json-stringify) each time
// an application instance is built. A process that builds several instances (the test suite
// builds one per test file in each worker; a CLI command next to the server) would compile the
// same schema objects again; the compiled functions depend only on the schema and the options,
// so they are shared. Schemas are the contracts' TypeBox objects, keyed by identity.
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Serialize = (data: unknown) => string;
type BuildSerializer = (externalSchemas: unknown, options: unknown) => (route: { schema: object }) => Serialize;

// Ajv instances are pooled by (external schemas, options), and each caches what it compiled by
// schema object: one factory for the process shares both.
const buildValidator = AjvCompiler();
const serializerSelector = SerializerSelector() as unknown as BuildSerializer;
const serializerPools = new Map<string, WeakMap<object, Serialize>>();

const buildSerializer: BuildSerializer = (externalSchemas, options) => {
  const compile = serializerSelector(externalSchemas, options);
  const key = JSON.stringify([externalSchemas, options]);
  let compiled = serializerPools.get(key);
  if (!compiled) serializerPools.set(key, (compiled = new WeakMap()));
  const pool = compiled;
  return (route) => {
    let fn = pool.get(route.schema);
    if (!fn) pool.set(route.schema, (fn = compile(route)));
    return fn;
  };
};

export const schemaController = {
  compilersFactory: { buildValidator, buildSerializer },
} as unknown as NonNullable<FastifyServerOptions['schemaController']>;
