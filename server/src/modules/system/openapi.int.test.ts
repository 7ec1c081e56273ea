// The served OpenAPI document is the checked-in docs/openapi.json: an API change that was not
// written out with `npx tsx scripts/openapi.ts` fails here (and in the `openapi` step of npm test).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { OPENAPI_FILE, serializeOpenApi } from '../../platform/http/openapi-file.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('OpenAPI document', () => {
  it('served at /api/openapi.json equals docs/openapi.json', async () => {
    const served = serializeOpenApi(await (await s.api('/api/openapi.json')).json());
    expect(served).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
  });
});
