import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router-dom';
import type { NavItem } from './nav.ts';
import { useDismiss } from './use-dismiss.ts';

/** Gap between links, px (the CSS gap of .top-bar__nav). */
const GAP = 4;

function NavEntry({ item, onPick }: { item: NavItem; onPick?: () => void }) {
  const { t } = useTranslation();
  if (item.external) {
    return (
      <a className="top-bar__link" href={item.to} target="_blank" rel="noopener noreferrer" title={item.titleKey ? t(item.titleKey) : undefined} data-testid={item.testId} onClick={onPick}>
        {t(item.labelKey)}
      </a>
    );
  }
  return (
    <NavLink to={item.to} end className={({ isActive }) => `top-bar__link${isActive ? ' is-active' : ''}`} data-testid={item.testId} onClick={onPick}>
      {t(item.labelKey)}
    </NavLink>
  );
}

/**
 * The top bar's links: as many as fit in one row, the rest under "More" — so on a 1440 px screen
 * with the map's units switch every page stays one click away, instead of scrolling out of sight.
 */
export function TopNav({ items }: { items: NavItem[] }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navRef = useRef<HTMLElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(items.length);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const menuId = useId();

  // Widths come from a hidden copy of every link (and of the More button), so they are known
  // whether or not a link is shown; the nav's own width does not depend on its content (flex-basis 0).
  useLayoutEffect(() => {
    const nav = navRef.current;
    const measure = measureRef.current;
    if (!nav || !measure) return;
    const compute = () => {
      const widths = [...measure.children].map((el) => (el as HTMLElement).offsetWidth);
      const more = widths.pop() ?? 0;
      const available = nav.clientWidth;
      const all = widths.reduce((sum, w) => sum + w, 0) + GAP * Math.max(0, widths.length - 1);
      if (all <= available) return setFit(widths.length);
      let used = more;
      let n = 0;
      for (const w of widths) {
        if (used + GAP + w > available) break;
        used += GAP + w;
        n++;
      }
      setFit(n);
    };
    compute();
    const observer = new ResizeObserver(compute);
    observer.observe(nav);
    return () => observer.disconnect();
  }, [items, i18n.resolvedLanguage]);

  useEffect(() => setOpen(false), [location.pathname]);
  useDismiss(open, close, rootRef);

  const shown = items.slice(0, fit);
  const rest = items.slice(fit);
  const activeInRest = rest.some((item) => !item.external && item.to === location.pathname);

  return (
    <nav className="top-bar__nav" aria-label={t('app.mainNav')} ref={navRef}>
      <div className="top-bar__measure" ref={measureRef} aria-hidden="true">
        {items.map((item) => (
          <span key={item.to} className="top-bar__link">{t(item.labelKey)}</span>
        ))}
        <span className="top-bar__link top-bar__more">{t('nav.more')} ▾</span>
      </div>
      {shown.map((item) => (
        <NavEntry key={item.to} item={item} />
      ))}
      {rest.length > 0 && (
        <div className="top-bar__overflow" ref={rootRef}>
          <button
            type="button"
            className={`top-bar__link top-bar__more${activeInRest ? ' is-active' : ''}`}
            data-testid="nav-more"
            aria-haspopup="menu"
            aria-expanded={open}
            aria-controls={menuId}
            onClick={() => setOpen((value) => !value)}
          >
            {t('nav.more')} ▾
          </button>
          {open && (
            <div className="top-bar__menu" id={menuId} role="menu">
              {rest.map((item) => (
                <NavEntry key={item.to} item={item} onPick={() => setOpen(false)} />
              ))}
            </div>
          )}
        </div>
      )}
    </nav>
  );
}
