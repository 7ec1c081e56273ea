import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Which set of administrative units the map shows. */
export type UnitsMode = 'current' | 'old';

/** The two-level reform took effect on 2025-07-01; the old wards are shown as of the day before. */
export const OLD_UNITS_DATE = '2025-06-30';

const PARAM = 'units';

/** The units mode, kept in the URL (?units=old) so that a view can be shared and reloaded. */
export function useUnitsMode(): [UnitsMode, (mode: UnitsMode) => void] {
  const [params, setParams] = useSearchParams();
  const mode: UnitsMode = params.get(PARAM) === 'old' ? 'old' : 'current';
  const setMode = useCallback(
    (next: UnitsMode) => {
      setParams(
        (previous) => {
          const updated = new URLSearchParams(previous);
          if (next === 'old') updated.set(PARAM, 'old');
          else updated.delete(PARAM);
          return updated;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [mode, setMode];
}
