import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access } from '../../platform/http/access.ts';
import type { AppContext } from '../../platform/context.ts';
import { VERSION } from '../../version.ts';
import { D7_WARD_CODES } from '../datasets/index.ts';

export function systemRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const Health = Type.Object({
    status: Type.Union([Type.Literal('ok'), Type.Literal('starting'), Type.Literal('stopping')]),
    stage: Type.String({ description: 'starting, migrating, loading-areas, seeding-demo, preparing-modules, ready or stopping' }),
    db: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
    version: Type.String(),
    demo: Type.Boolean(),
    error: Type.Optional(Type.String()),
  });

  r.get(
    '/api/health',
    {
      config: { access: access.public },
      schema: {
        tags: ['system'],
        summary: '200 once migrations and demo seeding are complete; 503 with the stage until then',
        response: { 200: Health, 503: Health },
      },
    },
    async (_req, reply) => {
      const { lifecycle } = ctx;
      const body = {
        status: lifecycle.ready ? ('ok' as const) : lifecycle.stage === 'stopping' ? ('stopping' as const) : ('starting' as const),
        stage: lifecycle.stage,
        db: ctx.db.kind,
        version: VERSION,
        demo: ctx.config.demo,
        ...(lifecycle.error ? { error: lifecycle.error } : {}),
      };
      return reply.status(lifecycle.ready ? 200 : 503).send(body);
    },
  );

  r.get(
    '/api/client-config',
    {
      config: { access: access.public },
      schema: {
        tags: ['system'],
        summary: 'Settings the web client needs before sign-in',
        response: {
          200: Type.Object({
            version: Type.String(),
            demo: Type.Boolean(),
            baseMapStyleUrl: Type.Union([Type.String(), Type.Null()]),
            wards: Type.Array(Type.String(), { description: 'codes of the wards the centre serves (CITYOPS_WARDS; demo: the demo wards); empty = every ward in force' }),
          }),
        },
      },
    },
    async () => ({
      version: VERSION,
      demo: ctx.config.demo,
      baseMapStyleUrl: ctx.config.baseMapStyleUrl,
      wards: ctx.config.wards ?? (ctx.config.demo ? D7_WARD_CODES : []),
    }),
  );
}
