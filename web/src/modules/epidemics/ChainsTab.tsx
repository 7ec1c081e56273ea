// Chains of transmission: the chains with their metrics, and the chosen chain as a layered
// (hierarchical) diagram drawn by the shared ECharts host — positions computed here by
// generation, so a cluster of hundreds renders at once. Nodes carry codes only.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainGraph, Outbreak } from '../../../../shared/contracts/epidemics.ts';
import { EChart } from '../../app/EChart.tsx';
import { errorMessage } from '../../app/errors.ts';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';
import { epiKeys, fetchChains, fetchGraph } from './epidemics-api.ts';

/** Layered layout: x by generation, y spread within the generation, parents' order kept. */
export function layered(g: ChainGraph): Map<string, [number, number]> {
  const byGen = new Map<number, string[]>();
  for (const n of [...g.nodes].sort((a, b) => (a.caseOn ?? '9') < (b.caseOn ?? '9') ? -1 : 1)) (byGen.get(n.generation) ?? byGen.set(n.generation, []).get(n.generation)!).push(n.code);
  const pos = new Map<string, [number, number]>();
  const parentOf = new Map(g.edges.map((e) => [e.target, e.source]));
  for (const gen of [...byGen.keys()].sort((a, b) => a - b)) {
    const codes = byGen.get(gen)!;
    if (gen > 0) codes.sort((a, b) => (pos.get(parentOf.get(a) ?? '')?.[1] ?? 0) - (pos.get(parentOf.get(b) ?? '')?.[1] ?? 0));
    codes.forEach((c, i) => pos.set(c, [gen * 160, (i - codes.length / 2) * 14]));
  }
  return pos;
}

export function ChainsTab({ outbreak, day, lang }: { outbreak: Outbreak; day: string; lang: Language }) {
  const { t } = useTranslation();
  const chains = useQuery({ queryKey: epiKeys.chains(outbreak.id, day), queryFn: ({ signal }) => fetchChains(outbreak.id, day, signal) });
  const [member, setMember] = useState<string | null>(null);
  const chosen = member ?? chains.data?.chains[0]?.rootCode ?? null;
  const graph = useQuery({ queryKey: epiKeys.graph(outbreak.id, chosen ?? ''), queryFn: ({ signal }) => fetchGraph(outbreak.id, chosen!, signal), enabled: !!chosen });
  const option = useMemo(() => {
    const g = graph.data;
    if (!g) return null;
    const pos = layered(g);
    const small = g.nodes.length <= 60;
    return {
      tooltip: { formatter: (p: { dataType: string; data: { name: string; caseOn?: string | null } }) => (p.dataType === 'node' ? `${p.data.name}${p.data.caseOn ? ` · ${formatDate(p.data.caseOn, lang)}` : ''}` : '') },
      series: [{
        type: 'graph', layout: 'none', roam: true, progressive: 500, animation: false, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 5,
        label: { show: small, position: 'right', fontSize: 11 },
        lineStyle: { color: '#94a3b8', width: 1, opacity: 0.8 },
        data: g.nodes.map((n) => ({ name: n.code, caseOn: n.caseOn, x: pos.get(n.code)![0], y: pos.get(n.code)![1], symbolSize: n.kind === 'case' ? 9 : 7, symbol: n.kind === 'case' ? 'circle' : 'rect', itemStyle: { color: n.kind === 'case' ? '#ea580c' : '#2563eb' } })),
        links: g.edges.map((e) => ({ source: e.source, target: e.target })),
      }],
    };
  }, [graph.data, lang]);
  const s = chains.data?.summary;
  return (
    <div className="epi-cols">
      <section className="epi-card">
        <h2>{t('epidemics.chains.title')}</h2>
        {chains.error && <p className="epi-error">{errorMessage(t, chains.error)}</p>}
        {s && (
          <p data-testid="chains-summary">
            {t('epidemics.chains.summary', { chains: formatNumber(s.chains, lang, 0), active: formatNumber(s.activeChains, lang, 0), outside: formatNumber(s.casesOutsideChains, lang, 0), perCase: formatNumber(s.contactsPerCase, lang, 2) })}
          </p>
        )}
        <table className="epi-table" data-testid="chains-table">
          <thead><tr><th>{t('epidemics.chains.root')}</th><th className="num">{t('epidemics.chains.size')}</th><th className="num">{t('epidemics.chains.cases')}</th><th className="num">{t('epidemics.chains.generations')}</th><th>{t('epidemics.chains.period')}</th><th>{t('epidemics.chains.active')}</th></tr></thead>
          <tbody>
            {(chains.data?.chains ?? []).slice(0, 40).map((c) => (
              <tr key={c.id} className={`epi-click${c.rootCode === chosen ? ' on' : ''}`} onClick={() => setMember(c.rootCode)} data-testid={`chain-${c.rootCode}`}>
                <td>{c.rootCode}</td><td className="num">{formatNumber(c.size, lang, 0)}</td><td className="num">{formatNumber(c.cases, lang, 0)}</td><td className="num">{c.generations}</td>
                <td>{c.firstCaseOn ? formatDate(c.firstCaseOn, lang) : '—'} – {c.lastCaseOn ? formatDate(c.lastCaseOn, lang) : '—'}</td><td>{c.active ? t('epidemics.chains.yes') : t('epidemics.chains.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <label>{t('epidemics.chains.find')} <input defaultValue="" onKeyDown={(e) => { if (e.key === 'Enter') setMember((e.target as HTMLInputElement).value.trim() || null); }} data-testid="chain-find" /></label>
      </section>
      <section className="epi-card">
        <h2>{t('epidemics.chains.diagram', { code: chosen ?? '—', n: formatNumber(graph.data?.nodes.length ?? 0, lang, 0) })}</h2>
        {graph.error && <p className="epi-error">{errorMessage(t, graph.error)}</p>}
        {option && <EChart option={option} className="epi-graph" testId="chain-graph" />}
        <p className="epi-muted">{t('epidemics.chains.legend')}</p>
      </section>
    </div>
  );
}
