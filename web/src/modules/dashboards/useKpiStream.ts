// Live KPI values for the wall and the phone: server-sent events from /api/kpis/stream (a
// message whenever a value changes), with the time each message arrived.
import { useEffect, useState } from 'react';
import type { KpiValue } from '../../../../shared/contracts/kpis.ts';
import { streamUrl, type KpiFilters } from './dashboards-api.ts';

export interface KpiStreamState {
  values: Map<string, KpiValue>;
  /** When the last message arrived (ISO), null before the first. */
  receivedAt: string | null;
  connected: boolean;
  /** Increments with each message that changed something. */
  version: number;
}

export function useKpiStream(ids: string[], filters: KpiFilters = {}): KpiStreamState {
  const [state, setState] = useState<KpiStreamState>({ values: new Map(), receivedAt: null, connected: false, version: 0 });
  const key = ids.join(',') + JSON.stringify(filters);
  useEffect(() => {
    if (!ids.length) return;
    const source = new EventSource(streamUrl(filters, ids), { withCredentials: true });
    source.addEventListener('kpis', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { at: string; values: KpiValue[] };
      setState((s) => ({ values: new Map(data.values.map((v) => [v.id, v])), receivedAt: data.at, connected: true, version: s.version + 1 }));
    });
    source.onopen = () => setState((s) => ({ ...s, connected: true }));
    source.onerror = () => setState((s) => ({ ...s, connected: false }));
    return () => source.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
