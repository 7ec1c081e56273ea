import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', demo: true, databaseUrl: undefined, baseMapStyleUrl: null, wards: undefined });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('names every wrong variable in one clear error', () => {
    try {
      loadConfig({ PORT: 'eighty', CITYOPS_DEMO: 'maybe', DATABASE_URL: 'mysql://x', CITYOPS_WARDS: '27475;27478' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('CITYOPS_DEMO');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('CITYOPS_WARDS');
    }
  });

  it('reads demo off and a server database', () => {
    const c = loadConfig({ CITYOPS_DEMO: 'false', DATABASE_URL: 'postgres://u@h/db', PORT: '9000' });
    expect(c).toMatchObject({ demo: false, databaseUrl: 'postgres://u@h/db', port: 9000 });
  });

  it('reads the wards the centre serves', () => {
    expect(loadConfig({ CITYOPS_WARDS: ' 26734, 26737 ,' }).wards).toEqual(['26734', '26737']);
  });
});
