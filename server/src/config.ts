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
  /** Built web client to serve at `/`. */
  webDist: string;
  cookieSecure: boolean;
  sessionHours: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, dflt: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return dflt;
    }
    return n;
  };
  const bool = (name: string, dflt: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return dflt;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return dflt;
  };

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with postgres:// or postgresql:// (got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}")`);
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  const baseMapStyleUrl = env.BASEMAP_STYLE_URL || null;
  if (baseMapStyleUrl && !/^https?:\/\//.test(baseMapStyleUrl) && !baseMapStyleUrl.startsWith('/')) {
    problems.push(`BASEMAP_STYLE_URL must be an http(s) URL or a path on this server (got "${baseMapStyleUrl}")`);
  }

  const config: Config = {
    port: int('PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    demo: bool('CITYOPS_DEMO', true),
    logLevel,
    baseMapStyleUrl,
    webDist: resolve(env.CITYOPS_WEB_DIST || './web/dist'),
    cookieSecure: bool('COOKIE_SECURE', false),
    sessionHours: int('SESSION_HOURS', 12, 1, 24 * 30),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
