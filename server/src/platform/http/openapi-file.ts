// The checked-in OpenAPI document (docs/openapi.json) and how it is written, shared by the
// writer script (scripts/openapi.ts) and the drift test, so both compare the same bytes.
import { fileURLToPath } from 'node:url';

export const OPENAPI_FILE = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));

/** Stable text of a document: two-space JSON with a final newline. */
export function serializeOpenApi(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
