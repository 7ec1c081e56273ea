// Configuration from environment variables, validated once at start. A wrong value stops
// the process with a message that names the variable and what it accepts.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  logLevel: string;
  /** MapLibre style URL of the base map; null draws boundaries on a plain background. */
  baseMapStyleUrl: string | null;
  /**
   * Codes of the wards the operations centre serves (CITYOPS_WARDS, comma-separated), as the
   * web lists and focuses them; undefined when unset (demo: the demo's wards; otherwise every
   * ward in force).
   */
  wards: string[] | undefined;
  /** Built web client to serve at `/`. */
  webDist: string;
  cookieSecure: boolean;
  sessionHours: number;
  /**
   * Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (addresses or CIDR ranges,
   * or `loopback`); empty: none, the client's own address and Host are used.
   */
  trustProxy: string[];
  /** The public origin (`https://ioc.example.vn`) of links in feeds, CAP, OGC, Open311 and TileJSON; null: the request's own. */
  publicUrl: string | null;
  /** Further origins the web client may fetch from (tile, glyph and sprite servers of the base map). */
  cspExtraOrigins: string[];
  /**
   * The environment the configuration was read from. A module reads its own variables from it
   * with `readModuleSettings`, so tests can override them like any other variable.
   */
  env: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface EnvReader {
  int(name: string, dflt: number, min: number, max: number): number;
  bool(name: string, dflt: boolean): boolean;
  str(name: string, dflt: string): string;
  /** A value or undefined when unset or empty. */
  optional(name: string): string | undefined;
  /** Records a problem with a variable (reported together with the others). */
  problem(message: string): void;
}

function envReader(env: Readonly<Record<string, string | undefined>>, problems: string[]): EnvReader {
  return {
    int(name, dflt, min, max) {
      const raw = env[name];
      if (raw === undefined || raw === '') return dflt;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min || n > max) {
        problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
        return dflt;
      }
      return n;
    },
    bool(name, dflt) {
      const raw = env[name]?.toLowerCase();
      if (raw === undefined || raw === '') return dflt;
      if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
      if (['0', 'false', 'no', 'off'].includes(raw)) return false;
      problems.push(`${name} must be true or false (got "${env[name]}")`);
      return dflt;
    },
    str: (name, dflt) => env[name] || dflt,
    optional: (name) => env[name] || undefined,
    problem: (message) => problems.push(message),
  };
}

/**
 * A module's own settings, read from the configuration's environment. Throws ConfigError
 * naming every bad variable. Call it once, in the module's prepare() or start().
 */
export function readModuleSettings<T>(config: Config, read: (env: EnvReader) => T): T {
  const problems: string[] = [];
  const settings = read(envReader(config.env, problems));
  if (problems.length) throw new ConfigError(problems);
  return settings;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const { int, bool } = envReader(env, problems);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with postgres:// or postgresql:// (got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}")`);
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  const publicUrl = env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null;
  if (publicUrl && !/^https?:\/\/[^/?#]+$/.test(publicUrl)) problems.push(`PUBLIC_URL must be an origin such as https://ioc.example.vn (got "${publicUrl}")`);
  const trustProxy = (env.TRUST_PROXY ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  for (const p of trustProxy) {
    if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(p)) {
      problems.push(`TRUST_PROXY must list proxy addresses or CIDR ranges (or loopback), comma-separated (got "${p}")`);
    }
  }
  const cspExtraOrigins = (env.CSP_EXTRA_ORIGINS ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  for (const o of cspExtraOrigins) {
    if (!/^https?:\/\/[^/?#]+$/.test(o)) problems.push(`CSP_EXTRA_ORIGINS must list origins such as https://tiles.example.org, comma-separated (got "${o}")`);
  }
  const baseMapStyleUrl = env.BASEMAP_STYLE_URL || null;
  if (baseMapStyleUrl && !/^https?:\/\//.test(baseMapStyleUrl) && !baseMapStyleUrl.startsWith('/')) {
    problems.push(`BASEMAP_STYLE_URL must be an http(s) URL or a path on this server (got "${baseMapStyleUrl}")`);
  }

  const wardsRaw = env.CITYOPS_WARDS?.trim();
  const wards = wardsRaw ? wardsRaw.split(',').map((c) => c.trim()).filter(Boolean) : undefined;
  if (wards?.some((c) => !/^[0-9A-Za-z_.-]{1,32}$/.test(c))) {
    problems.push(`CITYOPS_WARDS must be area codes separated by commas, e.g. 27475,27478 (got "${wardsRaw}")`);
  }

  const config: Config = {
    port: int('PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    demo: bool('CITYOPS_DEMO', true),
    logLevel,
    baseMapStyleUrl,
    wards,
    webDist: resolve(env.CITYOPS_WEB_DIST || './web/dist'),
    cookieSecure: bool('COOKIE_SECURE', false),
    sessionHours: int('SESSION_HOURS', 12, 1, 24 * 30),
    trustProxy,
    publicUrl,
    cspExtraOrigins,
    env: { ...env },
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
