// Whether a PostgreSQL server answers at a URL: benchmarks add their PostgreSQL runs only then.
import pg from 'pg';

export async function pgReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
