// React side of the workspace state: the URL is the source of truth (shareable link), every
// change is mirrored into localStorage so that a plain reload of "/" restores it.
import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { initialWorkspace, LAYERS_PARAM, STORAGE_KEY, THEME_PARAM, writeWorkspace, type WorkspaceState } from './layer-state.ts';

function readStorage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeStorage(value: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Storage disabled: the URL still carries the choice.
  }
}

export function useWorkspace(): [WorkspaceState, (update: (previous: WorkspaceState) => WorkspaceState) => void] {
  const [params, setParams] = useSearchParams();
  const layersParam = params.get(LAYERS_PARAM);
  const themeParam = params.get(THEME_PARAM);
  const hasParams = params.has(LAYERS_PARAM) || params.has(THEME_PARAM);

  const state = useMemo(() => {
    const own = new URLSearchParams();
    if (layersParam !== null) own.set(LAYERS_PARAM, layersParam);
    if (themeParam !== null) own.set(THEME_PARAM, themeParam);
    return initialWorkspace(own, readStorage());
  }, [layersParam, themeParam]);

  // Restored from storage: put it into the URL too, so that the address bar is shareable.
  useEffect(() => {
    if (hasParams || (state.layers.length === 0 && !state.theme)) return;
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        writeWorkspace(next, state);
        return next;
      },
      { replace: true },
    );
  }, [hasParams, state, setParams]);

  const update = useCallback(
    (change: (previous: WorkspaceState) => WorkspaceState) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          const own = new URLSearchParams();
          for (const key of [LAYERS_PARAM, THEME_PARAM]) {
            const value = previous.get(key);
            if (value !== null) own.set(key, value);
          }
          const current = initialWorkspace(own, previous.has(LAYERS_PARAM) || previous.has(THEME_PARAM) ? null : readStorage());
          writeStorage(writeWorkspace(next, change(current)));
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return [state, update];
}
