// Live KPI values for the wall and the phone: server-sent events from /api/kpis/stream (a
// message whenever a value changes), with the time each message arrived. Each message also
// invalidates the dashboards' live queries (widgets, alert and feedback lists), so they refetch.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { KpiValue } from '../../../../shared/contracts/kpis.ts';
import { dashboardKeys, streamUrl, type KpiFilters } from './dashboards-api.ts';

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
  const queryClient = useQueryClient();
  // Compared by value: a new array or filter object with the same contents keeps the stream.
  const idsKey = ids.join(',');
  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    if (!idsKey) return;
    const source = new EventSource(streamUrl(JSON.parse(filtersKey) as KpiFilters, idsKey.split(',')), { withCredentials: true });
    source.addEventListener('kpis', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { at: string; values: KpiValue[] };
      setState((s) => ({ values: new Map(data.values.map((v) => [v.id, v])), receivedAt: data.at, connected: true, version: s.version + 1 }));
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.live });
    });
    source.onopen = () => setState((s) => ({ ...s, connected: true }));
    source.onerror = () => setState((s) => ({ ...s, connected: false }));
    return () => source.close();
  }, [idsKey, filtersKey, queryClient]);
  return state;
}
