// The wards the operations centre serves, as declared by the server (client configuration
// `wards`, empty = every ward in force) and named by the areas API: the ward choices of the
// feedback and dataset pages and the map's frame read them here instead of a constant.
import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import { useClientConfig } from './client-config.tsx';

export interface WardOption {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
}

export const wardKeys = {
  served: (codes: readonly string[]) => ['areas', 'served-wards', codes.join(',')] as const,
};

/** The ward's name in the interface language. */
export const wardName = (ward: Pick<WardOption, 'nameVi' | 'nameEn'>, lang: string): string => (lang === 'en' ? ward.nameEn : ward.nameVi);

/** In the declared order when the server names them, otherwise by Vietnamese name. */
export function orderWards(wards: WardOption[], codes: readonly string[]): WardOption[] {
  const rank = (code: string) => codes.indexOf(code);
  return [...wards].sort((a, b) => (codes.length ? rank(a.code) - rank(b.code) : a.nameVi.localeCompare(b.nameVi, 'vi')));
}

export interface ServedWards {
  /** Codes named by the server (empty = every ward in force); undefined until the configuration is in. */
  codes: readonly string[] | undefined;
  /** The wards with their names; undefined while loading (or after an error). */
  wards: WardOption[] | undefined;
  error: Error | null;
}

/** The wards the centre serves (valid today), with their names. */
export function useServedWards(): ServedWards {
  const config = useClientConfig();
  const codes = config?.wards;
  const query = useQuery({
    queryKey: wardKeys.served(codes ?? []),
    queryFn: async ({ signal }) => {
      const { areas } = await api<{ areas: WardOption[] }>('/areas', { query: { level: 'ward', code: codes?.length ? codes.join(',') : undefined }, signal });
      return orderWards(areas.map(({ id, code, nameVi, nameEn }) => ({ id, code, nameVi, nameEn })), codes ?? []);
    },
    enabled: codes !== undefined,
    staleTime: Infinity,
  });
  return { codes, wards: query.data, error: query.error };
}

/**
 * Names a ward by its code in the interface language (the served wards' names), for lists that
 * carry only a code (alerts without a place): a code is never shown where a name is known. An
 * unknown code (a former ward's) is shown as it is.
 */
export function useWardNameOf(lang: string): (code: string | null | undefined) => string {
  const { wards } = useServedWards();
  return (code) => {
    if (!code) return '';
    const ward = wards?.find((candidate) => candidate.code === code);
    return ward ? wardName(ward, lang) : code;
  };
}
