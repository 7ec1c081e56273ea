// Open311 GeoReport v2 serialisation: the same documents as JSON or XML, and the spec's
// error format (JSON `[{code, description}]`, XML `<errors><error>…</error></errors>`).
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';

const builder = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false });

/** Nulls become empty elements in XML (the spec's examples show empty tags). */
function forXml(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(forXml);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, forXml(x)]));
  return v;
}

/** `root`/`item` name the XML wrapper and its repeated element (services/service, service_requests/request…). */
export function render(format: Format, data: unknown, root: string, item?: string): { type: string; body: string } {
  if (format === 'json') return { type: 'application/json; charset=utf-8', body: JSON.stringify(data) };
  const inner = item ? { [item]: forXml(data) } : forXml(data);
  const xml = builder.build({ [root]: inner }) as string;
  return { type: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8"?>\n${xml}` };
}

export function renderErrors(format: Format, errors: { code: number; description: string }[]) {
  return render(format, errors, 'errors', 'error');
}

/** `requests.json` → ['requests', 'json']; unknown extension → null. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  return m ? { name: m[1]!, format: m[2]!.toLowerCase() as Format } : null;
}
