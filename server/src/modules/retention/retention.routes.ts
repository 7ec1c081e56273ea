// Admin API of retention: the policies with their last run, and a run on request.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../platform/context.ts';
import { access, actorOf } from '../../platform/http/access.ts';
import type { RetentionRegistry } from '../../platform/retention.ts';
import { RetentionListSchema, type RetentionList } from '../../../../shared/contracts/retention.ts';

function view(registry: RetentionRegistry): RetentionList {
  return {
    policies: registry.list().map((p) => ({ ...p, lastRun: p.lastRun ? { ...p.lastRun, at: p.lastRun.at.toISOString() } : null })),
  };
}

export function retentionRoutes(app: FastifyInstance, ctx: AppContext, registry: RetentionRegistry, run: () => Promise<void>) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/retention', {
    config: { access: access.roles('admin') },
    schema: { tags: ['retention'], summary: 'Retention policies: what is removed after how many days, and the last run', response: { 200: RetentionListSchema } },
  }, async () => view(registry));
  r.post('/api/retention/run', {
    config: { access: access.roles('admin') },
    schema: { tags: ['retention'], summary: 'Apply every retention policy now', response: { 200: RetentionListSchema } },
  }, async (req) => {
    await run();
    await ctx.audit.record(actorOf(req), { action: 'retention.run' });
    return view(registry);
  });
}
