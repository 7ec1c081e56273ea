// Builds the HTTP application: platform plugins, access control, then each domain module.
import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';
import { systemClock, type AppContext, type Clock, type ServerModule } from './platform/context.ts';
import { Lifecycle } from './platform/lifecycle.ts';
import { EventBus } from './platform/events.ts';
import { access, registerAccessControl, type RouteAccessEntry } from './platform/http/access.ts';
import { registerErrorHandling } from './platform/http/errors.ts';
import { schemaController } from './platform/http/schema-compilers.ts';
import { VERSION } from './version.ts';
import { auditModule, createAuditLog } from './modules/audit/index.ts';
import { authRoutes, SESSION_COOKIE } from './modules/auth/index.ts';
import { composeServices, type Services } from './composition.ts';
import { areasModule } from './modules/areas/index.ts';
import { systemModule } from './modules/system/index.ts';
import { datasetsModule } from './modules/datasets/index.ts';
import { sensorsModule } from './modules/sensors/index.ts';
import { importsModule } from './modules/imports/index.ts';
import { ogcModule } from './modules/ogc/index.ts';
import { tilesModule } from './modules/tiles/index.ts';
import { spatialModule } from './modules/spatial/index.ts';
import { kpisModule } from './modules/kpis/index.ts';
import { alertsModule } from './modules/alerts/index.ts';
import { incidentsModule } from './modules/incidents/index.ts';
import { liveModule } from './modules/live/index.ts';
import { capModule } from './modules/cap/index.ts';
import { feedbackModule } from './modules/feedback/index.ts';
import { open311Module } from './modules/open311/index.ts';
import { notificationsModule } from './modules/notifications/index.ts';
import { retentionModule } from './modules/retention/index.ts';
import { privacyModule } from './modules/privacy/index.ts';
import { proceduresModule } from './modules/procedures/index.ts';
import { reportingModule } from './modules/reporting/index.ts';
import { documentsModule } from './modules/documents/index.ts';
import { tasksModule } from './modules/tasks/index.ts';
import { epidemicsModule } from './modules/epidemics/index.ts';

/** Every domain module, in registration order. A new module is one folder and one line here. */
export const MODULES: ServerModule<Services>[] = [systemModule, auditModule, areasModule, datasetsModule, sensorsModule, importsModule, ogcModule, tilesModule, spatialModule, kpisModule, alertsModule, incidentsModule, liveModule, capModule, feedbackModule, open311Module, notificationsModule, retentionModule, privacyModule, documentsModule, tasksModule, proceduresModule, reportingModule, epidemicsModule];

export interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
  services: Services;
  routeTable: RouteAccessEntry[];
}

export async function buildApp(opts: {
  config: Config;
  db: Database;
  clock?: Clock;
  lifecycle?: Lifecycle;
  logger?: boolean;
}): Promise<BuiltApp> {
  const { config, db } = opts;
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
    schemaController,
    // Only configured proxies may say who the client is (X-Forwarded-For) or what the host is:
    // otherwise any client could dodge the per-address limits and lie in the audit log.
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
  });
  const lifecycle = opts.lifecycle ?? new Lifecycle();
  // The audit log is a platform port (ctx.audit) that every module writes to; built before the others.
  const audit = createAuditLog(db.kysely);
  const ctx: AppContext = {
    config,
    db,
    clock: opts.clock ?? systemClock,
    log: app.log,
    lifecycle,
    audit,
    events: new EventBus(),
  };

  registerErrorHandling(app);
  await app.register(helmet, securityHeaders(config));
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cityops API',
        version: VERSION,
        description:
          'Intelligent Operations Center API. Authenticate with the session cookie set by POST /api/auth/login, ' +
          'or with `Authorization: Bearer <token>` (the login token or an API token).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  // Until migrations and seeding are done, only /api/health answers among the APIs (503 + stage).
  app.addHook('onRequest', async (req, reply) => {
    const gated = req.url.startsWith('/api/') || req.url.startsWith('/ogc');
    if (!lifecycle.ready && gated && !req.url.startsWith('/api/health')) {
      return reply.status(503).send({ error: 'starting', message: `cityops is starting (${lifecycle.stage})` });
    }
  });

  const services = composeServices(ctx, audit);
  const { auth } = services;
  const routeTable = registerAccessControl(app, (req) => auth.resolvePrincipal({ authorization: req.headers.authorization, sessionCookie: req.cookies?.[SESSION_COOKIE] }));
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  authRoutes(app, ctx, auth);
  for (const m of MODULES) await m.routes?.(app, ctx, services);

  app.get('/api/openapi.json', { config: { access: access.public }, schema: { hide: true } }, async () => app.swagger());
  registerWebClient(app, config.webDist);
  return { app, ctx, services, routeTable };
}

/**
 * Security headers on every answer (issue 14 #11): a content security policy that allows the
 * app's own scripts only (MapLibre's workers come from blob:), no framing by other sites, no
 * referrer sent elsewhere, and HSTS when the deployment is HTTPS (COOKIE_SECURE). The base
 * map's origin and CSP_EXTRA_ORIGINS (tile, glyph or sprite servers it names) may be fetched.
 */
function securityHeaders(config: Config) {
  const extra = [...config.cspExtraOrigins];
  if (config.baseMapStyleUrl && /^https?:\/\//.test(config.baseMapStyleUrl)) extra.push(new URL(config.baseMapStyleUrl).origin);
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...extra],
        fontSrc: ["'self'", 'data:', ...extra],
        connectSrc: ["'self'", ...extra],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' as const },
    hsts: config.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    // Feeds, tiles and OGC answers are meant to be fetched by other sites' clients too.
    crossOriginResourcePolicy: { policy: 'cross-origin' as const },
  };
}

/** Serves the built web client; unknown paths get index.html so client-side routes work. */
function registerWebClient(app: FastifyInstance, webDist: string): void {
  void app.register(fastifyStatic, { root: webDist, serve: false });
  app.get('/*', { config: { access: access.files }, schema: { hide: true } }, async (req, reply) => {
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (path.startsWith('/api/')) return reply.status(404).send({ error: 'not_found', message: `no route for ${req.method} ${path}` });
    if (!existsSync(join(webDist, 'index.html'))) {
      return reply.status(404).type('text/plain').send('The web client is not built: run "npm run build:web" (npm start does it).');
    }
    const file = normalize(path).replace(/^(\.\.[/\\])+/, '').slice(1);
    // Source maps are built for the developers' tools, not published.
    if (file.endsWith('.map')) return reply.status(404).type('text/plain').send('not found');
    if (file && existsSync(join(webDist, file)) && statSync(join(webDist, file)).isFile()) {
      // Hashed assets never change; index.html must always be fresh.
      if (file.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.sendFile(file);
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
